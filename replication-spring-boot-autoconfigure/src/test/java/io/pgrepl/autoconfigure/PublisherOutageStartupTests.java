package io.pgrepl.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import io.pgrepl.core.Replication;
import io.pgrepl.core.health.SubscriptionHealth;
import io.pgrepl.core.plan.DesiredStateException;
import io.pgrepl.test.PostgresServer;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A subscribing application starts while its publisher is away when its subscription exists:
 * health is DOWN until the publisher answers, then UP without a restart. A subscription that does
 * not exist yet, or one that requires its publisher, still fails startup naming the property.
 */
@ExtendWith(OutputCaptureExtension.class)
class PublisherOutageStartupTests {

	private static PostgresServer publisherServer;

	@BeforeAll
	static void startPublisher() {
		publisherServer = PostgresServers.startDedicated("startup-outage-publisher", Map.of());
	}

	@AfterAll
	static void stopPublisher() {
		publisherServer.close();
	}

	@Test
	void anExistingSubscriptionStartsWithoutItsPublisherAndTurnsUpWhenItAnswers(CapturedOutput output) {
		try (TestDatabase publisher = publisherServer.createDatabase();
				TestDatabase subscriber = PostgresServers.subscriber().createDatabase()) {
			Map<String, Object> properties = subscribed(publisher);
			TestApplications.start(subscriber, properties).close();

			publisherServer.stop();
			ConfigurableApplicationContext context;
			try {
				context = TestApplications.start(subscriber, properties);
			}
			finally {
				publisherServer.start();
			}
			try (context) {
				assertThat(output.getOut()).containsOnlyOnce("the publisher of subscription 'orders_sub' cannot be reached");
				Replication replication = context.getBean(Replication.class);
				// the pool connects on demand: the publisher is back, so health turns UP with no restart
				TestDatabase.await(() -> replication.subscriptionHealth("orders_sub").healthy(),
						"orders_sub healthy once the publisher answers");
			}
		}
	}

	@Test
	void healthIsDownWhileThePublisherIsAway() {
		try (TestDatabase publisher = publisherServer.createDatabase();
				TestDatabase subscriber = PostgresServers.subscriber().createDatabase()) {
			Map<String, Object> properties = subscribed(publisher);
			try (ConfigurableApplicationContext context = TestApplications.start(subscriber, properties)) {
				Replication replication = context.getBean(Replication.class);
				TestDatabase.await(() -> replication.subscriptionHealth("orders_sub").healthy(), "orders_sub healthy");
				publisherServer.stop();
				SubscriptionHealth health;
				try {
					health = replication.subscriptionHealth("orders_sub");
				}
				finally {
					publisherServer.start();
				}
				assertThat(health.healthy()).isFalse();
				assertThat(health.issues()).anySatisfy((issue) -> assertThat(issue).contains("cannot reach the publisher"));
			}
		}
	}

	@Test
	void aSubscriptionToCreateOrOneThatRequiresItsPublisherFailsStartupNamingTheProperty() {
		try (TestDatabase publisher = publisherServer.createDatabase();
				TestDatabase subscriber = PostgresServers.subscriber().createDatabase()) {
			Map<String, Object> properties = subscribed(publisher);
			publisherServer.stop();
			try {
				assertThatThrownBy(() -> TestApplications.start(subscriber, properties).close())
					.hasRootCauseInstanceOf(DesiredStateException.class)
					.rootCause()
					.hasMessageContaining("replication.subscriptions.orders_sub.publisher.host");
			}
			finally {
				publisherServer.start();
			}
			TestApplications.start(subscriber, properties).close();

			Map<String, Object> strict = new HashMap<>(properties);
			strict.put("replication.subscriptions.orders_sub.require-publisher-at-startup", "true");
			publisherServer.stop();
			try {
				assertThatThrownBy(() -> TestApplications.start(subscriber, strict).close())
					.hasRootCauseInstanceOf(DesiredStateException.class)
					.rootCause()
					.hasMessageContaining("replication.subscriptions.orders_sub.publisher.host");
			}
			finally {
				publisherServer.start();
			}
		}
	}

	/** A subscriber app of orders_pub, created on the publisher, whose tables it creates. */
	private static Map<String, Object> subscribed(TestDatabase publisher) {
		publisher.execute("create table orders (id int primary key)", "create publication orders_pub for table orders");
		Map<String, Object> properties = new HashMap<>(TestApplications.ordersSubscription(publisher, "postgres"));
		properties.put("replication.subscriptions.orders_sub.create-tables", "true");
		// a stopped server refuses at once; these bound the pool's retries
		properties.put("replication.timeouts.connect", "1s");
		properties.put("replication.timeouts.login", "2s");
		// every health call reads afresh: these tests change the publisher between calls
		properties.put("replication.health.cache", "0s");
		return properties;
	}

}
