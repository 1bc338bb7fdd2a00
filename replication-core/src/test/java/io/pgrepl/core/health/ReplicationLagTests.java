package io.pgrepl.core.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.pgrepl.core.ReplicationManager;
import io.pgrepl.core.subscription.Subscription;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicationLagTests extends ReplicationIntegrationTests {

	@Test
	void aCaughtUpIdleSubscriberReadsAsZeroLagNotUnknown() {
		OrdersReplication.start(this.publisher, this.subscriber, (options) -> options);
		this.publisher.execute("insert into orders values (1, 'a')");
		this.subscriber.awaitRowCount("orders", 1);

		ReplicationLag lag = OrdersReplication.poll(this::lag,
				(l) -> Long.valueOf(0).equals(l.lagBytes()) && Duration.ZERO.equals(l.replayLag()),
				"zero lag once caught up");

		assertThat(lag.slotName()).isEqualTo("orders_sub");
		assertThat(lag.active()).isTrue();
		assertThat(lag.pid()).isNotNull();
		assertThat(lag.applicationName()).isEqualTo("orders_sub");
		assertThat(lag.writeLag()).isEqualTo(Duration.ZERO);
		assertThat(lag.flushLag()).isEqualTo(Duration.ZERO);
	}

	@Test
	void aStalledSubscriberReadsAsGrowingBytes() {
		Subscription subscription = OrdersReplication.start(this.publisher, this.subscriber, (options) -> options);
		this.subscriber.awaitQueryResult("select count(*) from pg_subscription_rel where srsubstate <> 'r'", 0L);
		subscription.disable();
		OrdersReplication.poll(this::lag, (l) -> !l.active(), "the walsender to go");

		this.publisher.execute("insert into orders select g, 'x' from generate_series(1, 1000) g");
		ReplicationLag first = OrdersReplication.poll(this::lag, (l) -> l.lagBytes() > 0, "bytes behind");
		this.publisher.execute("insert into orders select g, 'x' from generate_series(1001, 2000) g");
		ReplicationLag second = OrdersReplication.poll(this::lag, (l) -> l.lagBytes() > first.lagBytes(),
				"more bytes behind");

		assertThat(second.active()).isFalse();
		assertThat(second.pid()).isNull();
		assertThat(second.replayLag()).as("no walsender measures time while nothing is connected").isNull();
		assertThat(second.lagBytes()).isGreaterThan(first.lagBytes());
	}

	@Test
	void aSubscriberReconnectingWithABacklogReadsAsUnknownLagNeverZeroWhileWalWaits() {
		Subscription subscription = OrdersReplication.start(this.publisher, this.subscriber, (options) -> options);
		this.subscriber.awaitQueryResult("select count(*) from pg_subscription_rel where srsubstate <> 'r'", 0L);
		subscription.disable();
		OrdersReplication.poll(this::lag, (l) -> !l.active(), "the walsender to go");
		this.publisher.execute("insert into orders select g, repeat('x', 200) from generate_series(1, 200000) g");
		ReplicationLag backlog = OrdersReplication.poll(this::lag, (l) -> l.lagBytes() > 0, "a backlog");
		assertThat(backlog.replayLag()).as("nothing measures a disconnected subscriber").isNull();

		List<ReplicationLag> seen = new ArrayList<>();
		subscription.enable();
		OrdersReplication.poll(() -> {
			ReplicationLag lag = lag();
			seen.add(lag);
			return lag;
		}, (l) -> l.active() && Long.valueOf(0).equals(l.lagBytes()), "the backlog to be applied");

		assertThat(seen).as("while WAL waits, a lag is unknown or measured, never a made-up zero")
			.allSatisfy((l) -> {
				if (l.lagBytes() != null && l.lagBytes() > 0) {
					assertThat(l.replayLag()).isNotEqualTo(Duration.ZERO);
				}
			});
		assertThat(seen.get(seen.size() - 1).replayLag()).as("known once caught up").isNotNull();
		this.subscriber.awaitRowCount("orders", 200000);
	}

	private ReplicationLag lag() {
		List<ReplicationLag> lags = ReplicationManager.getReplicationLag(this.publisher.dataSource());
		assertThat(lags).hasSize(1);
		return lags.get(0);
	}

}
