package io.pgrepl.core.health;

import java.time.Duration;
import java.util.function.Predicate;

import io.pgrepl.core.ReplicationManager;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.publication.Publication;
import io.pgrepl.core.status.ConflictCounts;
import io.pgrepl.core.subscription.Subscription;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;

import static io.pgrepl.core.health.OrdersReplication.SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionHealthTests extends ReplicationIntegrationTests {

	@Test
	void anIdleCaughtUpSubscriptionIsHealthyWithZeroLag() {
		OrdersReplication.start(this.publisher, this.subscriber, (options) -> options);
		this.publisher.execute("insert into orders values (1, 'a')");
		this.subscriber.awaitRowCount("orders", 1);

		SubscriptionHealth health = awaitHealth(HealthThresholds.DEFAULTS,
				(h) -> h.healthy() && h.tables().counts().ready() == 1 && Long.valueOf(0).equals(h.slot().lagBytes())
						&& Duration.ZERO.equals(h.slot().lag()),
				"ready and caught up with zero lag");

		assertThat(health.exists()).isTrue();
		assertThat(health.enabled()).isTrue();
		assertThat(health.worker().running()).isTrue();
		assertThat(health.worker().pid()).isNotNull();
		assertThat(health.slot().name()).isEqualTo(SUBSCRIPTION);
		assertThat(health.tables().counts()).isEqualTo(new SyncStateCounts(0, 0, 0, 0, 1));
		assertThat(health.tables().stuckCopying()).isEmpty();
		assertThat(health.slot().lagSeconds()).isZero();
		assertThat(health.slot().walStatus()).isEqualTo("reserved");
		assertThat(health.worker().lastMessageReceiptTime()).isNotNull();
		assertThat(health.issues()).isEmpty();
		assertThat(health.warnings()).isEmpty();
		if (serverMajorVersion() >= 15) {
			assertThat(health.counters().applyErrors()).isZero();
			assertThat(health.counters().syncErrors()).isZero();
		}
		else {
			assertThat(health.counters().applyErrors()).as("PostgreSQL 14 does not count errors").isNull();
			assertThat(health.counters().syncErrors()).isNull();
		}
		if (serverMajorVersion() >= 18) {
			assertThat(health.counters().conflicts()).isEqualTo(new ConflictCounts(0, 0, 0, 0, 0, 0, 0));
		}
		else {
			assertThat(health.counters().conflicts()).isNull();
		}
	}

	@Test
	void aDisabledSubscriptionFallsBehindInBytesAndRecoversAfterEnable() {
		HealthThresholds thresholds = HealthThresholds.DEFAULTS.withLagBytes(1024, 1024L * 1024 * 1024);
		Subscription subscription = OrdersReplication.start(this.publisher, this.subscriber, (options) -> options);
		this.publisher.execute("insert into orders values (0, 'before')");
		this.subscriber.awaitRowCount("orders", 1);

		subscription.disable();
		awaitHealth(thresholds, (h) -> !h.worker().running(), "the apply worker to stop");
		// Lag counts WAL the publisher has written out (pg_current_wal_lsn); with asynchronous commit
		// the WAL writer does that within a few wal_writer_delay.
		this.publisher.execute("insert into orders select g, 'while disabled' from generate_series(1, 1000) g");
		SubscriptionHealth behind = awaitHealth(thresholds,
				(h) -> h.slot().lagBytes() != null && h.slot().lagBytes() > 1024, "lag bytes above 1 kB");
		this.publisher.execute("insert into orders select g, 'while disabled' from generate_series(1001, 2000) g");
		SubscriptionHealth furtherBehind = awaitHealth(thresholds,
				(h) -> h.slot().lagBytes() > behind.slot().lagBytes(), "lag bytes to grow");

		assertThat(behind.healthy()).isFalse();
		assertThat(behind.issues()).anyMatch((issue) -> issue.contains("subscription 'orders_sub' is disabled"));
		assertThat(behind.slot().lagBytes()).isGreaterThan(1024);
		assertThat(behind.slot().lag()).as("no walsender measures time lag while disabled").isNull();
		assertThat(behind.warnings()).anyMatch((warning) -> warning.startsWith("lag of subscription 'orders_sub' is"));
		assertThat(furtherBehind.issues()).isEqualTo(behind.issues());

		subscription.enable();
		SubscriptionHealth recovered = awaitHealth(thresholds,
				(h) -> h.healthy() && Long.valueOf(0).equals(h.slot().lagBytes()), "healthy again after enable");
		assertThat(recovered.warnings()).isEmpty();
		assertThat(this.subscriber.rowCount("orders")).isEqualTo(2001);
	}

	@Test
	void aSubscriptionThatShouldBeDisabledIsNoIssueWhenDisabled() {
		OrdersReplication.start(this.publisher, this.subscriber, (options) -> options.enabled(false));
		this.publisher.execute("insert into orders select g, 'x' from generate_series(1, 1000) g");

		SubscriptionHealth health = OrdersReplication.poll(
				() -> ReplicationManager.healthCheckSubscriber(this.subscriber.dataSource(), SUBSCRIPTION,
						HealthThresholds.DEFAULTS.withLagBytes(0, 0), this.publisher.dataSource(), false),
				(h) -> h.slot().lagBytes() != null && h.slot().lagBytes() > 0, "lag bytes above 0");

		assertThat(health.enabled()).isFalse();
		assertThat(health.issues()).isEmpty();
		assertThat(health.warnings()).as("lag of a subscription paused on purpose is only a warning")
			.anyMatch((warning) -> warning.startsWith("lag of subscription 'orders_sub' is"));
	}

	@Test
	void anApplyErrorFromAConflictingRowIsAnIssueUntilTheRowIsRemoved() {
		this.subscriber.execute("create table orders (id int primary key, item text)",
				"insert into orders values (1, 'already here')");
		this.publisher.execute("create table orders (id int primary key, item text)");
		new Publication(this.publisher.dataSource(), OrdersReplication.PUBLICATION).create("orders");
		new Subscription(this.subscriber.dataSource(), SUBSCRIPTION).create(SubscriptionDefinition
			.builder(this.publisher.peerConnInfo(), OrdersReplication.PUBLICATION)
			.build());
		awaitHealth(HealthThresholds.DEFAULTS, (h) -> h.healthy() && h.tables().counts().ready() == 1, "replicating");

		this.publisher.execute("insert into orders values (1, 'conflicts with the subscriber')");

		// The worker exits on the unique violation and is restarted; 15+ count each attempt.
		SubscriptionHealth failing = awaitHealth(HealthThresholds.DEFAULTS, (h) -> !h.healthy()
				&& (serverMajorVersion() < 15
						|| (h.counters().applyErrors() != null && h.counters().applyErrors() > 0)), "an issue");
		if (serverMajorVersion() >= 15) {
			assertThat(failing.issues()).anyMatch((issue) -> issue.contains("apply errors"));
		}
		else {
			assertThat(failing.counters().applyErrors()).isNull();
			assertThat(failing.issues())
				.anyMatch((issue) -> issue.contains("the apply worker of subscription 'orders_sub' is not running"));
		}

		this.subscriber.execute("delete from orders where id = 1");
		SubscriptionHealth recovered = awaitHealth(HealthThresholds.DEFAULTS,
				(h) -> h.healthy() && Long.valueOf(0).equals(h.slot().lagBytes()), "healthy once the row is gone");
		this.subscriber.awaitQueryResult("select item from orders where id = 1", "conflicts with the subscriber");
		if (serverMajorVersion() >= 15) {
			assertThat(recovered.counters().applyErrors()).isPositive();
			assertThat(recovered.warnings()).as("the counters keep past errors")
				.anyMatch((warning) -> warning.contains("past errors")
						&& warning.contains("pg_stat_reset_subscription_stats"));
		}
	}

	@Test
	void aMissingSubscriptionIsAnIssueNotAnException() {
		SubscriptionHealth health = ReplicationManager.healthCheckSubscriber(this.subscriber.dataSource(), "nowhere");

		assertThat(health.exists()).isFalse();
		assertThat(health.healthy()).isFalse();
		assertThat(health.issues()).singleElement()
			.asString()
			.contains("subscription 'nowhere' does not exist in this database");
		assertThat(health.tables().counts()).isEqualTo(SyncStateCounts.NONE);
	}

	private SubscriptionHealth check(HealthThresholds thresholds) {
		return ReplicationManager.healthCheckSubscriber(this.subscriber.dataSource(), SUBSCRIPTION, thresholds,
				this.publisher.dataSource());
	}

	private SubscriptionHealth awaitHealth(HealthThresholds thresholds, Predicate<SubscriptionHealth> condition,
			String description) {
		return OrdersReplication.poll(() -> check(thresholds), condition, description);
	}

}
