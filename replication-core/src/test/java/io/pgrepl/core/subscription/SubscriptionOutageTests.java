package io.pgrepl.core.subscription;

import java.util.Map;

import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.publication.Publication;
import io.pgrepl.test.PostgresServer;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.TestDatabase;
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
