package io.pgrepl.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pgrepl.core.Replication;
import io.pgrepl.core.health.HealthTimeoutException;
import io.pgrepl.core.health.SubscriptionHealth;
import io.pgrepl.test.PostgresServer;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A publisher frozen with SIGSTOP (it accepts TCP connections and answers nothing, as a stopped host
 * or a stuck proxy does) while a subscriber application starts and while its health is polled:
 * the start and every health call end within their budgets, health is DOWN, and after SIGCONT it is
 * UP with no restart and every row written meanwhile on both sides. In the fault suite
 * ({@code -Pfaults}).
 */
@Tag("faults")
class FrozenPublisherTests {

	private static final Logger logger = LoggerFactory.getLogger(FrozenPublisherTests.class);

	private static final Duration HEALTH_BUDGET = Duration.ofSeconds(3);

	/** What a health call may take beyond its budget: the JVM's scheduling on a busy machine. */
	private static final Duration MARGIN = Duration.ofSeconds(2);

	/** Connect + login timeouts of the start's publisher checks, twice over, and the margin. */
	private static final Duration START_BUDGET = Duration.ofSeconds(30);

	@Test
	void aSubscriberAppStartsAndAnswersHealthWithinItsBudgetWhileThePublisherIsFrozen() {
		PostgresServer publisherServer = PostgresServers.startDedicated("frozen-publisher", Map.of());
		try (TestDatabase publisher = publisherServer.createDatabase();
				TestDatabase subscriber = PostgresServers.subscriber().createDatabase()) {
			publisher.execute("create table orders (id int primary key, item text)",
					"insert into orders select g, md5(g::text) from generate_series(1, 1000) g",
					"create publication orders_pub for table orders");
			Map<String, Object> properties = new LinkedHashMap<>(TestApplications.ordersSubscription(publisher, "postgres"));
			properties.put("replication.subscriptions.orders_sub.create-tables", "true");
			properties.put("replication.timeouts.connect", "2s");
			properties.put("replication.timeouts.login", "2s");
			properties.put("replication.timeouts.socket", "5s");
			properties.put("replication.timeouts.health", HEALTH_BUDGET.toSeconds() + "s");
			TestApplications.start(subscriber, properties).close();
			subscriber.awaitRowCount("orders", 1000);

			List<Long> healthMillis = new ArrayList<>();
			long startMillis;
			ConfigurableApplicationContext app;
			publisherServer.freeze();
			try {
				long started = System.nanoTime();
				app = TestApplications.start(subscriber, properties);
				startMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
				try {
					Replication replication = app.getBean(Replication.class);
					for (int i = 0; i < 5; i++) {
						long asked = System.nanoTime();
						// The indicators report DOWN with the message of a HealthTimeoutException.
						String answer;
						try {
							SubscriptionHealth health = replication.subscriptionHealth("orders_sub");
							assertThat(health.healthy()).as("health while the publisher is frozen").isFalse();
							answer = String.valueOf(health.issues());
						}
						catch (HealthTimeoutException ex) {
							answer = ex.getMessage();
							assertThat(answer).contains("did not answer within " + HEALTH_BUDGET.toSeconds() + "s");
						}
						long took = Duration.ofNanos(System.nanoTime() - asked).toMillis();
						healthMillis.add(took);
						logger.info("FAULT publisher frozen: health call {} took {} ms: {}", i, took, answer);
						assertThat(took).as("health call %d, ms", i).isLessThanOrEqualTo(HEALTH_BUDGET.plus(MARGIN).toMillis());
					}
				}
				catch (RuntimeException | AssertionError ex) {
					app.close();
					throw ex;
				}
			}
			finally {
				publisherServer.thaw();
			}
			try (app) {
				assertThat(startMillis).as("start while the publisher is frozen, ms")
					.isLessThanOrEqualTo(START_BUDGET.toMillis());
				publisher.execute("insert into orders select g, md5(g::text) from generate_series(1001, 2000) g");
				Replication replication = app.getBean(Replication.class);
				long thawed = System.nanoTime();
				Awaitility.await("health UP after SIGCONT, without a restart")
					.atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(250))
					.until(() -> replication.subscriptionHealth("orders_sub").healthy());
				long toUp = Duration.ofNanos(System.nanoTime() - thawed).toMillis();
				Awaitility.await("every row on both sides")
					.atMost(Duration.ofSeconds(60))
					.until(() -> summary(subscriber).equals(summary(publisher)));
				logger.info("FAULT publisher frozen: app started in {} ms, health calls {} ms (budget {} s), "
						+ "UP {} ms after SIGCONT, {} rows on both sides, lost 0, duplicated 0", startMillis, healthMillis,
						HEALTH_BUDGET.toSeconds(), toUp, subscriber.queryForLong("select count(*) from orders"));
			}
		}
		finally {
			publisherServer.thaw();
			publisherServer.close();
		}
	}

	/** Count and md5 of every row, in one order. */
	private static String summary(TestDatabase database) {
		return String.valueOf(database.queryForObject(
				"select count(*) || ':' || coalesce(md5(string_agg(id || '/' || item, ',' order by id)), '') from orders"));
	}

}
