package io.pgrepl.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pgrepl.core.Replication;
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
				assertThat(replication.subscriptionHealth("orders_sub").healthy()).isFalse();

				publisherServer.start();
				publisher.execute("insert into orders values (2, 'b')");

				Awaitility.await("health UP without a restart")
					.atMost(Duration.ofSeconds(60))
					.until(() -> replication.subscriptionHealth("orders_sub").healthy());
				subscriber.awaitRowCount("orders", 2);
			}
		}
		finally {
			publisherServer.close();
		}
	}

}
