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
		try (Connection holder = this.subscriber.dataSource().getConnection();
				Starting starting = new Starting(managing(properties))) {
			holder.createStatement().execute("select pg_advisory_lock(" + RECONCILE_LOCK + ")");
			starting.start();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.subscriber.queryForLong(WAITING_FOR_THE_LOCK), (waiting) -> waiting == 1);

			starting.closeAndExpectStartupToStop("applying the replication configuration");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.subscriber.queryForLong(WAITING_FOR_THE_LOCK), (waiting) -> waiting == 0);
			holder.createStatement().execute("select pg_advisory_unlock(" + RECONCILE_LOCK + ")");
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
		try (Starting starting = new Starting(managing(properties))) {
			starting.start();
			await().atMost(Duration.ofSeconds(60)).until(StartupInterruptTests::awaitingTheSync);

			starting.closeAndExpectStartupToStop("waiting for the initial sync of subscription 'orders_sub'");
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

	/**
	 * An application starting in a thread of its own, as from {@code main}, that the test stops
	 * while it starts, as the SIGTERM shutdown hook does: by closing its context.
	 */
	private static final class Starting implements AutoCloseable {

		private final AtomicReference<ConfigurableApplicationContext> context = new AtomicReference<>();

		private final CompletableFuture<ConfigurableApplicationContext> started = new CompletableFuture<>();

		private final Thread thread;

		Starting(Map<String, Object> properties) {
			this.thread = new Thread(() -> {
				try {
					this.started.complete(
							TestApplications.builder().initializers(this.context::set).properties(properties).run());
				}
				catch (Throwable ex) {
					this.started.completeExceptionally(ex);
				}
			}, "application-startup");
		}

		void start() {
			this.thread.start();
		}

		/**
		 * Closes the context while it refreshes, and expects startup to fail within 10s naming
		 * what it was doing.
		 */
		void closeAndExpectStartupToStop(String doing) throws InterruptedException {
			long closing = System.nanoTime();
			Thread close = new Thread(() -> this.context.get().close(), "shutdown-hook");
			close.start();

			this.thread.join(Duration.ofSeconds(10).toMillis());
			assertThat(this.thread.isAlive()).as("startup still running 10s after close()").isFalse();
			assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(10));
			assertThatThrownBy(this.started::join).hasStackTraceContaining("Startup interrupted while " + doing);
			close.join(Duration.ofSeconds(10).toMillis());
			assertThat(close.isAlive()).isFalse();
		}

		@Override
		public void close() {
			if (this.context.get() != null) {
				this.context.get().close();
			}
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
