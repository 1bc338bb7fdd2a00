package io.pgrepl.core.subscription;

import java.time.Duration;
import java.util.Map;

import io.pgrepl.core.health.HealthThresholds;
import io.pgrepl.core.health.SubscriberHealthCheck;
import io.pgrepl.core.health.SubscriptionHealth;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.publication.Publication;
import io.pgrepl.test.PostgresServer;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A publisher that goes away: tests that stop their own server. */
class SubscriptionOutageTests {

	private static PostgresServer publisherServer;

	@BeforeAll
	static void startPublisher() {
		publisherServer = PostgresServers.startDedicated("outage-publisher", Map.of());
	}

	@AfterAll
	static void stopPublisher() {
		publisherServer.close();
	}

	@Test
	void dropWithAnUnreachablePublisherDropsTheSubscriptionAndReportsTheOrphanedSlot() {
		try (TestDatabase publisher = publisherServer.createDatabase();
				TestDatabase subscriber = PostgresServers.subscriber().createDatabase()) {
			publisher.execute("create table orders (id int primary key)");
			subscriber.execute("create table orders (id int primary key)");
			new Publication(publisher.dataSource(), "orders_pub").create("orders");
			Subscription subscription = new Subscription(subscriber.dataSource(), "orders_sub");
			subscription.create(SubscriptionDefinition.builder(publisher.peerConnInfo(), "orders_pub").build());

			publisherServer.stop();
			SubscriptionDropResult result;
			try {
				result = subscription.drop();
			}
			finally {
				publisherServer.start();
			}

			assertThat(result.existed()).isTrue();
			assertThat(result.orphanedSlot()).isEqualTo("orders_sub");
			assertThat(subscription.exists()).isFalse();
			assertThat(publisher.queryForLong("select count(*) from pg_replication_slots where slot_name = 'orders_sub'"))
				.as("the slot is still on the publisher, as reported")
				.isEqualTo(1);
		}
	}

	@Test
	void dropWhenThePublisherRefusesThePasswordDropsTheSubscriptionAndReportsTheOrphanedSlot() {
		try (TestDatabase publisher = publisherServer.createDatabase();
				TestDatabase subscriber = PostgresServers.subscriber().createDatabase()) {
			publisher.execute("create table orders (id int primary key)",
					"create role pgrepl_drop_auth login replication password 'Drop-Auth-1'",
					"grant select on orders to pgrepl_drop_auth");
			subscriber.execute("create table orders (id int primary key)");
			new Publication(publisher.dataSource(), "orders_pub").create("orders");
			Subscription subscription = new Subscription(subscriber.dataSource(), "orders_sub");
			ConnInfo connInfo = ConnInfo.parse(publisher.peerConnInfo())
				.with("user", "pgrepl_drop_auth")
				.with("password", "Drop-Auth-1");
			subscription.create(SubscriptionDefinition.builder(connInfo, "orders_pub").build());
			try {
				publisher.execute("alter role pgrepl_drop_auth password 'Changed-2'");

				SubscriptionDropResult result = subscription.drop();

				assertThat(result.existed()).isTrue();
				assertThat(result.orphanedSlot()).isEqualTo("orders_sub");
				assertThat(subscription.exists()).isFalse();
			}
			finally {
				publisher.execute("select pg_drop_replication_slot(slot_name) from pg_replication_slots "
						+ "where slot_name = 'orders_sub' and not active", "drop owned by pgrepl_drop_auth",
						"drop role pgrepl_drop_auth");
			}
		}
	}

	@Test
	void dropWhenTheSlotIsAlreadyGoneDropsTheSubscriptionWithNoOrphan() {
		try (TestDatabase publisher = publisherServer.createDatabase();
				TestDatabase subscriber = PostgresServers.subscriber().createDatabase()) {
			publisher.execute("create table orders (id int primary key)");
			subscriber.execute("create table orders (id int primary key)");
			new Publication(publisher.dataSource(), "orders_pub").create("orders");
			Subscription subscription = new Subscription(subscriber.dataSource(), "orders_sub");
			subscription.create(SubscriptionDefinition.builder(publisher.peerConnInfo(), "orders_pub").build());
			subscription.disable();
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> publisher.queryForLong(
						"select count(*) from pg_replication_slots where slot_name = 'orders_sub' and not active") == 1);
			publisher.execute("select pg_drop_replication_slot('orders_sub')");

			SubscriptionDropResult result = subscription.drop();

			assertThat(result.existed()).isTrue();
			assertThat(result.orphanedSlot()).isNull();
			assertThat(subscription.exists()).isFalse();
		}
	}

	@Test
	void healthSaysPublisherUnreachableWhenThePublisherStopsMidStream() {
		try (TestDatabase publisher = publisherServer.createDatabase();
				TestDatabase subscriber = PostgresServers.subscriber().createDatabase()) {
			publisher.execute("create table orders (id int primary key)", "insert into orders values (1)");
			subscriber.execute("create table orders (id int primary key)");
			new Publication(publisher.dataSource(), "orders_pub").create("orders");
			new Subscription(subscriber.dataSource(), "orders_sub")
				.create(SubscriptionDefinition.builder(publisher.peerConnInfo(), "orders_pub").build());
			subscriber.awaitRowCount("orders", 1);

			publisherServer.stop();
			try {
				SubscriptionHealth[] last = new SubscriptionHealth[1];
				Awaitility.await("health names the unreachable publisher")
					.atMost(Duration.ofSeconds(60))
					.until(() -> {
						last[0] = SubscriberHealthCheck.check(subscriber.dataSource(), "orders_sub",
								HealthThresholds.DEFAULTS, publisher.dataSource(), true);
						return !last[0].worker().running();
					});

				assertThat(last[0].issues()).anySatisfy((issue) -> assertThat(issue).contains("publisher unreachable"))
					.noneSatisfy((issue) -> assertThat(issue).containsAnyOf("SKIP", "unique violation"));
			}
			finally {
				publisherServer.start();
			}
			publisher.execute("insert into orders values (2)");
			subscriber.awaitRowCount("orders", 2);
		}
	}

	@Test
	void rowsWrittenWhileThePublisherWasDownArriveAfterItReturns() {
		try (TestDatabase publisher = publisherServer.createDatabase();
				TestDatabase subscriber = PostgresServers.subscriber().createDatabase()) {
			publisher.execute("create table orders (id int primary key)", "insert into orders values (1)");
			subscriber.execute("create table orders (id int primary key)");
			new Publication(publisher.dataSource(), "orders_pub").create("orders");
			new Subscription(subscriber.dataSource(), "orders_sub")
				.create(SubscriptionDefinition.builder(publisher.peerConnInfo(), "orders_pub").build());
			subscriber.awaitRowCount("orders", 1);

			publisherServer.stop();
			publisherServer.start();
			publisher.execute("insert into orders values (2)");

			subscriber.awaitRowCount("orders", 2);
		}
	}

}
