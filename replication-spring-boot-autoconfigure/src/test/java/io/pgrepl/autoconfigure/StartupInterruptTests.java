package io.pgrepl.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An application told to stop while its startup reconcile waits (for the reconcile lock another
 * instance holds, for a publisher that does not answer, for the initial sync) stops at once rather
 * than after the wait.
 */
class StartupInterruptTests extends ReplicationIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(StartupInterruptTests.class);

	/** The key of the reconcile lock: "pgrepl" in ASCII. */
	private static final long RECONCILE_LOCK = 0x70677265706cL;

	private static final String WAITING_FOR_THE_LOCK = "select count(*) from pg_stat_activity "
			+ "where wait_event_type = 'Lock' and query like '%pg_advisory_lock%'";

	@Test
	void closingTheContextWhileTheReconcileWaitsForTheLockStopsStartupPromptly() throws Exception {
		this.subscriber.execute("create table audit (id int primary key)");
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("replication.publications.audit_pub.tables", "audit");
		properties.put("replication.lock-timeout", "5m");
		AtomicReference<ConfigurableApplicationContext> context = new AtomicReference<>();
		try (Connection holder = this.subscriber.dataSource().getConnection()) {
			holder.createStatement().execute("select pg_advisory_lock(" + RECONCILE_LOCK + ")");
			CompletableFuture<ConfigurableApplicationContext> starting = new CompletableFuture<>();
			Thread startup = new Thread(() -> {
				try {
					starting.complete(TestApplications.builder()
						.initializers(context::set)
						.properties(managing(properties))
						.run());
				}
				catch (Throwable ex) {
					starting.completeExceptionally(ex);
				}
			}, "application-startup");
			startup.start();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.subscriber.queryForLong(WAITING_FOR_THE_LOCK), (waiting) -> waiting == 1);

			// what the SIGTERM shutdown hook does: close the context while it refreshes
			long closing = System.nanoTime();
			Thread close = new Thread(() -> context.get().close(), "shutdown-hook");
			close.start();

			startup.join(Duration.ofSeconds(10).toMillis());
			assertThat(startup.isAlive()).as("startup still blocked 10s after close()").isFalse();
			assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(10));
			assertThatThrownBy(starting::join).hasStackTraceContaining("Startup interrupted while applying the replication configuration");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.subscriber.queryForLong(WAITING_FOR_THE_LOCK), (waiting) -> waiting == 0);
			close.join(Duration.ofSeconds(10).toMillis());
			assertThat(close.isAlive()).isFalse();
			holder.createStatement().execute("select pg_advisory_unlock(" + RECONCILE_LOCK + ")");
		}
		finally {
			if (context.get() != null) {
				context.get().close();
			}
		}
		assertThat(this.subscriber.queryForLong("select count(*) from pg_publication")).isZero();
	}

	@Test
	void closingTheContextWhileStartupAwaitsTheInitialSyncStopsStartupPromptly() throws Exception {
		this.publisher.execute("create table orders (id int primary key)", "insert into orders values (1)",
				"create publication orders_pub for table orders");
		// a row the copy collides with: the table's sync fails and starts again until it is gone
		this.subscriber.execute("create table orders (id int primary key)", "insert into orders values (1)");
		Map<String, Object> properties = new LinkedHashMap<>(TestApplications.ordersSubscription(this.publisher, "postgres"));
		properties.put("replication.subscriptions.orders_sub.await-sync", "5m");
		AtomicReference<ConfigurableApplicationContext> context = new AtomicReference<>();
		CompletableFuture<ConfigurableApplicationContext> starting = new CompletableFuture<>();
		Thread startup = new Thread(() -> {
			try {
				starting.complete(TestApplications.builder()
					.initializers(context::set)
					.properties(managing(properties))
					.run());
			}
			catch (Throwable ex) {
				starting.completeExceptionally(ex);
			}
		}, "application-startup");
		try {
			startup.start();
			await().atMost(Duration.ofSeconds(60)).until(StartupInterruptTests::awaitingTheSync);

			long closing = System.nanoTime();
			Thread close = new Thread(() -> context.get().close(), "shutdown-hook");
			close.start();

			startup.join(Duration.ofSeconds(10).toMillis());
			assertThat(startup.isAlive()).as("startup still awaiting the sync 10s after close()").isFalse();
			assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(10));
			assertThatThrownBy(starting::join)
				.hasStackTraceContaining("Startup interrupted while waiting for the initial sync of subscription 'orders_sub'");
			close.join(Duration.ofSeconds(10).toMillis());
			assertThat(close.isAlive()).isFalse();
		}
		finally {
			if (context.get() != null) {
				context.get().close();
			}
		}
		// stopping the wait undoes nothing: the subscription syncs once the colliding row is gone
		this.subscriber.execute("delete from orders");
		this.publisher.execute("insert into orders values (2)");
		this.subscriber.awaitRowCount("orders", 2);
	}

	/** Whether the startup work is in {@code awaitSync}, past the reconcile. */
	private static boolean awaitingTheSync() {
		return Thread.getAllStackTraces()
			.entrySet()
			.stream()
			.filter((thread) -> thread.getKey().getName().equals("pgrepl-startup"))
			.anyMatch((thread) -> Arrays.stream(thread.getValue())
				.anyMatch((frame) -> frame.getMethodName().equals("awaitSync")));
	}

	@Test
	void sigtermWhileTheReconcileWaitsForTheLockEndsTheJvmPromptly() throws Exception {
		this.subscriber.execute("create table audit (id int primary key)");
		Path log = Files.createTempFile("pgrepl-sigterm", ".log");
		try (Connection holder = this.subscriber.dataSource().getConnection()) {
			holder.createStatement().execute("select pg_advisory_lock(" + RECONCILE_LOCK + ")");
			Process application = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-cp", System.getProperty("java.class.path"), BlockedStartupApplication.class.getName(),
					this.subscriber.jdbcUrl())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			try {
				await().atMost(Duration.ofSeconds(90))
					.until(() -> !application.isAlive() || this.subscriber.queryForLong(WAITING_FOR_THE_LOCK) == 1);
				assertThat(application.isAlive()).as("the application runs: %s", Files.readString(log)).isTrue();

				long stopping = System.nanoTime();
				application.destroy(); // SIGTERM on Linux and macOS

				assertThat(application.waitFor(15, TimeUnit.SECONDS)).as("the JVM ended: %s", Files.readString(log))
					.isTrue();
				logger.info("The JVM ended {} ms after SIGTERM", (System.nanoTime() - stopping) / 1_000_000);
				assertThat(Files.readString(log)).contains("Startup interrupted while applying the replication configuration");
				await().atMost(Duration.ofSeconds(10))
					.until(() -> this.subscriber.queryForLong(WAITING_FOR_THE_LOCK), (waiting) -> waiting == 0);
			}
			finally {
				application.destroyForcibly();
				holder.createStatement().execute("select pg_advisory_unlock(" + RECONCILE_LOCK + ")");
			}
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	/** An application that manages the database at the URL of its argument and publishes {@code audit}. */
	static final class BlockedStartupApplication {

		public static void main(String[] args) {
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("spring.datasource.url", args[0]);
			properties.put("spring.datasource.username", "postgres");
			properties.put("replication.publications.audit_pub.tables", "audit");
			properties.put("replication.lock-timeout", "5m");
			TestApplications.builder().properties(properties).run();
		}

	}

	private Map<String, Object> managing(Map<String, Object> properties) {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("spring.datasource.url", this.subscriber.jdbcUrl());
		all.put("spring.datasource.username", "postgres");
		all.put("spring.datasource.hikari.maximum-pool-size", "3");
		all.putAll(properties);
		return all;
	}

}
