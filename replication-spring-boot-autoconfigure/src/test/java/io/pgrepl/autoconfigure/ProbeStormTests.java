package io.pgrepl.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A storm of health probes on a publishing application costs one snapshot at a time, so it never
 * takes the application's own pool: with 50 probes at once, pgrepl holds at most one of its
 * connections and no application thread waits for one. The application's query latency before and
 * during the storm is logged, not asserted.
 */
class ProbeStormTests extends ReplicationIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(ProbeStormTests.class);

	private static final int PROBES = 50;

	private static final Duration STORM = Duration.ofSeconds(4);

	private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();

	@Test
	void fiftyConcurrentProbesHoldAtMostOneConnectionOfTheApplicationsPool() throws Exception {
		this.publisher.execute("create table orders (id int primary key, item text)",
				"insert into orders select i, 'item ' || i from generate_series(1, 1000) i");
		// Spring Boot's own db indicator takes a connection per probe: left out, to measure pgrepl's
		Map<String, Object> properties = Map.of("server.port", "0", "management.endpoint.health.show-details",
				"always", "management.health.db.enabled", "false", "spring.datasource.hikari.maximum-pool-size", "10",
				"replication.publications.orders_pub.tables", "orders");
		try (ConfigurableApplicationContext app = TestApplications.startWeb(this.publisher, Map.of(), properties)) {
			HikariPoolMXBean pool = ((HikariDataSource) app.getBean(javax.sql.DataSource.class)).getHikariPoolMXBean();
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			URI health = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port")
					+ "/actuator/health");
			assertThat(probe(health)).isEqualTo(200);

			List<Long> before = queries(jdbc, Duration.ofSeconds(2));

			AtomicBoolean storming = new AtomicBoolean(true);
			LongAccumulator mostActive = new LongAccumulator(Math::max, 0);
			LongAccumulator mostWaiting = new LongAccumulator(Math::max, 0);
			AtomicInteger probes = new AtomicInteger();
			ExecutorService threads = Executors.newFixedThreadPool(PROBES + 1);
			try {
				threads.submit(() -> {
					while (storming.get()) {
						mostActive.accumulate(pool.getActiveConnections());
						mostWaiting.accumulate(pool.getThreadsAwaitingConnection());
						// a sample a millisecond, not a busy loop that would take a core from the application
						LockSupport.parkNanos(1_000_000);
					}
				});
				List<Future<List<Integer>>> statuses = new ArrayList<>();
				for (int i = 0; i < PROBES; i++) {
					statuses.add(threads.submit(() -> {
						List<Integer> answered = new ArrayList<>();
						while (storming.get()) {
							answered.add(probe(health));
							probes.incrementAndGet();
						}
						return answered;
					}));
				}
				List<Long> during = queries(jdbc, STORM);
				storming.set(false);
				for (Future<List<Integer>> status : statuses) {
					assertThat(status.get(30, TimeUnit.SECONDS)).containsOnly(200);
				}
				logger.info("Application query latency, p50/p95: {}/{} us alone ({} queries), {}/{} us during {} "
						+ "health probes from {} threads ({} queries); pool: at most {} active, {} waiting",
						percentile(before, 50), percentile(before, 95), before.size(), percentile(during, 50),
						percentile(during, 95), probes.get(), PROBES, during.size(), mostActive.get(),
						mostWaiting.get());
			}
			finally {
				storming.set(false);
				threads.shutdownNow();
			}
			assertThat(probes.get()).isGreaterThan(PROBES);
			// HikariCP counts a borrower as waiting from the moment it misses its thread-local connection until it
			// takes one from the shared list, so one borrower in that instant is sampled now and then; probes that
			// used the application's pool queued dozens (40 waiting with 50 probes, before pgrepl had its own).
			assertThat(mostWaiting.get()).as("threads waiting for a connection of the application's pool")
				.isLessThanOrEqualTo(1);
			assertThat(mostActive.get()).as("connections in use: the application's one and pgrepl's")
				.isLessThanOrEqualTo(2);
		}
	}

	private int probe(URI health) throws Exception {
		return this.http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	/** Runs an application query in a loop for this long: how long each took, in microseconds. */
	private static List<Long> queries(JdbcTemplate jdbc, Duration duration) {
		List<Long> took = new ArrayList<>();
		long end = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() - end < 0) {
			long started = System.nanoTime();
			jdbc.queryForObject("select count(*) from orders where item like 'item 1%'", Long.class);
			took.add((System.nanoTime() - started) / 1000);
		}
		return took;
	}

	private static long percentile(List<Long> values, int percentile) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100));
	}

}
