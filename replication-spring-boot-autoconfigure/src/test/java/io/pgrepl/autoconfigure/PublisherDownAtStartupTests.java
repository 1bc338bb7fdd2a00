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
 * The intended behaviour of issue 12 (built on the {@code connections} branch): a subscriber
 * application whose subscription exists starts while its publisher is down, health is DOWN, then UP
 * when the publisher is back, with no restart and nothing lost. In the fault suite ({@code -Pfaults}).
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
			try (ConfigurableApplicationContext app = TestApplications.start(subscriber, properties)) {
				Replication replication = app.getBean(Replication.class);
				assertThat(healthy(replication)).as("DOWN while the publisher is away").isFalse();

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
