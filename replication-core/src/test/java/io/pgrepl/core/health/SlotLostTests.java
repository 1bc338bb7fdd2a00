package io.pgrepl.core.health;

import java.util.Map;

import io.pgrepl.core.ReplicationManager;
import io.pgrepl.core.status.SlotStatus;
import io.pgrepl.test.PostgresServer;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A publisher that keeps at most 1 MB of WAL for a slot, so a paused subscription loses its slot. */
class SlotLostTests {

	private static PostgresServer publisherServer;

	@BeforeAll
	static void startPublisher() {
		publisherServer = PostgresServers.startDedicated("slotlost",
				Map.of("max_slot_wal_keep_size", "1MB", "wal_keep_size", "0", "max_wal_size", "64MB",
						"min_wal_size", "32MB"));
	}

	@AfterAll
	static void stopPublisher() {
		publisherServer.close();
	}

	@Test
	void aSlotLostWhileItsSubscriptionWasDisabledIsAnIssueSayingToRecreateTheSubscription() {
		try (TestDatabase publisher = publisherServer.createDatabase();
				TestDatabase subscriber = PostgresServers.subscriber().createDatabase()) {
			OrdersReplication.start(publisher, subscriber, (options) -> options.enabled(false));
			publisher.execute("create table filler (id int, payload text)");

			// Each round writes a few WAL segments, switches to a new one and checkpoints, which
			// removes the segments the slot still needs beyond max_slot_wal_keep_size.
			PublisherHealth health = OrdersReplication.poll(() -> {
				publisher.execute("insert into filler select g, repeat('x', 100) from generate_series(1, 100000) g",
						"select pg_switch_wal()", "checkpoint");
				return ReplicationManager.healthCheckPublisher(publisher.dataSource());
			}, (h) -> h.slots().get(0).lost(), "wal_status lost");

			SlotStatus slot = health.slots().get(0);
			assertThat(slot.walStatus()).isEqualTo("lost");
			assertThat(slot.retainedBytes()).as("a lost slot holds no WAL").isNull();
			assertThat(slot.safeWalSize()).isNull();
			if (publisherServer.majorVersion() >= 17) {
				assertThat(slot.invalidationReason()).isEqualTo("wal_removed");
			}
			assertThat(health.healthy()).isFalse();
			assertThat(health.issues()).singleElement()
				.asString()
				.startsWith("slot 'orders_sub' is lost (wal_status = lost")
				.contains("its subscription can never resume and must be recreated");

			SubscriptionHealth subscription = ReplicationManager.healthCheckSubscriber(subscriber.dataSource(),
					OrdersReplication.SUBSCRIPTION, HealthThresholds.DEFAULTS, publisher.dataSource(), false);
			assertThat(subscription.slot().walStatus()).isEqualTo("lost");
			assertThat(subscription.healthy()).as("even a subscription paused on purpose cannot resume").isFalse();
			assertThat(subscription.issues()).singleElement()
				.asString()
				.startsWith("subscription 'orders_sub': slot 'orders_sub' is lost")
				.contains("must be recreated");
		}
	}

}
