package io.pgrepl.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pgrepl.core.Replication;
import io.pgrepl.core.health.HealthTimeoutException;
import io.pgrepl.test.PostgresServer;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscriber application whose subscription exists starts while its publisher is down, without
 * waiting for the connection timeouts of a publisher that refuses; health is DOWN with the
 * driver's reason, then UP when the publisher is back, with no restart and nothing lost. In the
 * fault suite ({@code -Pfaults}).
 */
@Tag("faults")
class PublisherDownAtStartupTests {

	@Test
	void aSubscriberAppStartsWhileItsPublisherIsDownAndIsUpWhenItReturns() {
		PostgresServer publisherServer = PostgresServers.startDedicated("down-at-start", Map.of());
		try (TestDatabase publisher = publisherServer.createDatabase();
				TestDatabase subscriber = PostgresServers.subscriber().createDatabase()) {
			publisher.execute("create table orders (id int primary key, item text)", "insert into orders values (1, 'a')",
					"create publication orders_pub for table orders");
			Map<String, Object> properties = new LinkedHashMap<>(TestApplications.ordersSubscription(publisher, "postgres"));
			properties.put("replication.subscriptions.orders_sub.create-tables", "true");
			TestApplications.start(subscriber, properties).close();
			subscriber.awaitRowCount("orders", 1);

			publisherServer.stop();
			// HikariCP alone would have the reconcile try again for connect plus login: 20s
			properties.put("replication.timeouts.connect", "10s");
			properties.put("replication.timeouts.login", "10s");
			long starting = System.nanoTime();
			try (ConfigurableApplicationContext app = TestApplications.start(subscriber, properties)) {
				assertThat(Duration.ofNanos(System.nanoTime() - starting)).as("startup while the publisher refuses")
					.isLessThan(Duration.ofSeconds(15));
				Replication replication = app.getBean(Replication.class);
				assertThat(healthy(replication)).as("DOWN while the publisher is away").isFalse();
				assertThat(replication.subscriptionHealth("orders_sub").issues())
					.anySatisfy((issue) -> assertThat(issue).contains("refused"));

				publisherServer.start();
				publisher.execute("insert into orders values (2, 'b')");

				Awaitility.await("health UP without a restart")
					.atMost(Duration.ofSeconds(60))
					.until(() -> healthy(replication));
				subscriber.awaitRowCount("orders", 2);
			}
		}
		finally {
			publisherServer.close();
		}
	}

	/**
	 * Health as the actuator reports it: a publisher that does not answer within the health budget
	 * is DOWN, as is one that refuses.
	 */
	private static boolean healthy(Replication replication) {
		try {
			return replication.subscriptionHealth("orders_sub").healthy();
		}
		catch (HealthTimeoutException ex) {
			return false;
		}
	}

}
