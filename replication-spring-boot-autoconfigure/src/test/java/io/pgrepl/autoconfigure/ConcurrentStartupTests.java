package io.pgrepl.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Instances of one application starting together reconcile once. */
@ExtendWith(OutputCaptureExtension.class)
class ConcurrentStartupTests extends ReplicationIntegrationTests {

	private static final int INSTANCES = 4;

	private static final String LOGGING_SYSTEM = "org.springframework.boot.logging.LoggingSystem";

	/**
	 * Spring Boot re-initializes Logback at each application start; four at once in one JVM would
	 * attach the console appender several times and print each line more than once.
	 */
	@BeforeAll
	static void keepTheTestLoggingConfiguration() {
		System.setProperty(LOGGING_SYSTEM, "none");
	}

	@AfterAll
	static void restoreTheLoggingSystem() {
		System.clearProperty(LOGGING_SYSTEM);
	}

	@Test
	void fourInstancesStartedAtOnceCreateOnePublicationAndOneSubscription(CapturedOutput output) throws Exception {
		this.publisher.execute("create table orders (id int primary key, item text)", "insert into orders values (1, 'a')",
				"create publication orders_pub for table orders");
		this.subscriber.execute("create table audit (id int primary key)");
		Map<String, Object> properties = TestApplications.ordersSubscription(this.publisher, "postgres");
		properties.put("replication.subscriptions.orders_sub.create-tables", "true");
		properties.put("replication.publications.audit_pub.tables", "audit");
		CyclicBarrier start = new CyclicBarrier(INSTANCES);
		ExecutorService executor = Executors.newFixedThreadPool(INSTANCES);
		List<CompletableFuture<ConfigurableApplicationContext>> instances = new ArrayList<>();
		try {
			for (int i = 0; i < INSTANCES; i++) {
				instances.add(CompletableFuture.supplyAsync(() -> {
					await(start);
					return TestApplications.start(this.subscriber, properties);
				}, executor));
			}
			CompletableFuture.allOf(instances.toArray(CompletableFuture[]::new)).join();
		}
		finally {
			for (CompletableFuture<ConfigurableApplicationContext> instance : instances) {
				if (!instance.isCompletedExceptionally()) {
					instance.join().close();
				}
			}
			executor.shutdownNow();
		}

		assertThat(this.subscriber.queryForLong("select count(*) from pg_publication")).isEqualTo(1);
		assertThat(this.subscriber.queryForLong("select count(*) from pg_subscription s join pg_database d "
				+ "on d.oid = s.subdbid where d.datname = current_database()")).isEqualTo(1);
		assertThat(this.publisher.queryForLong("select count(*) from pg_replication_slots where database = current_database()"))
			.isEqualTo(1);
		List<String> statements = ReplicationStartupTests.statements(output.getOut());
		assertThat(statements).filteredOn((sql) -> sql.startsWith("CREATE PUBLICATION")).hasSize(1);
		assertThat(statements).filteredOn((sql) -> sql.startsWith("CREATE SUBSCRIPTION")).hasSize(1);
		assertThat(statements).filteredOn((sql) -> sql.startsWith("CREATE TABLE")).hasSize(1);
		assertThat(output.getOut()).doesNotContain("APPLICATION FAILED TO START").doesNotContain("ERROR");
		this.subscriber.awaitRowCount("orders", 1);
	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
