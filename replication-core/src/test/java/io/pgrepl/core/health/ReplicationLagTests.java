package io.pgrepl.core.health;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.pgrepl.core.ReplicationManager;
import io.pgrepl.core.subscription.Subscription;
import io.pgrepl.test.PostgresServer;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

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

	/**
	 * The state a reconnect passes through, held still: a walsender streams from the slot and has
	 * not had a reply yet, so {@code pg_stat_replication} shows NULL lags while WAL waits. The test
	 * plays the subscriber with pgjdbc's replication protocol and never reads, so it never replies.
	 */
	@Test
	void aNullLagWithUnconfirmedWalIsUnknownAndTheBytesThresholdsJudge() throws Exception {
		Subscription subscription = OrdersReplication.start(this.publisher, this.subscriber, (options) -> options);
		this.subscriber.awaitQueryResult("select count(*) from pg_subscription_rel where srsubstate <> 'r'", 0L);
		this.publisher.execute("insert into orders values (0, 'streamed')");
		this.subscriber.awaitRowCount("orders", 1);
		subscription.disable();
		OrdersReplication.poll(this::lag, (l) -> !l.active(), "the apply worker's walsender to go");

		try (Connection replication = replicationConnection();
				PGReplicationStream stream = silentStream(replication)) {
			AtomicInteger written = new AtomicInteger();
			Map<String, Object> catalog = OrdersReplication.poll(() -> {
				int from = written.getAndAdd(1000) + 1;
				this.publisher.execute("insert into orders select g, repeat('x', 100) from generate_series(" + from + ", "
						+ (from + 999) + ") g");
				return silentWalsender();
			}, (row) -> Boolean.TRUE.equals(row.get("replay_lag_null")) && (Long) row.get("unconfirmed") > 100_000L,
					"the catalog to show a walsender with no lag measured and WAL waiting");
			int walsender = (Integer) catalog.get("pid");
			HealthThresholds thresholds = HealthThresholds.DEFAULTS.withLagBytes(1_000, 10_000);

			ReplicationLag lag = lag();
			assertThat(lag.active()).isTrue();
			assertThat(lag.pid()).isEqualTo(walsender);
			assertThat(lag.replayLag()).as("unknown, not zero").isNull();
			assertThat(lag.lagBytes()).isGreaterThan(100_000L);

			SubscriptionHealth health = ReplicationManager.healthCheckSubscriber(this.subscriber.dataSource(),
					"orders_sub", thresholds, this.publisher.dataSource(), false);
			assertThat(health.slot().lag()).as("unknown, not zero").isNull();
			assertThat(health.slot().lagSeconds()).isNull();
			assertThat(health.slot().lagBytes()).isGreaterThan(100_000L);
			assertThat(health.warnings()).as("the bytes judge: a disabled subscription's lag is a warning")
				.anySatisfy((warning) -> assertThat(warning).contains("WAL the subscriber has not confirmed yet")
					.contains("above the critical threshold"))
				.noneSatisfy((warning) -> assertThat(warning).contains("changes arrive later"));

			PublisherHealth publisherHealth = ReplicationManager.healthCheckPublisher(this.publisher.dataSource(),
					thresholds);
			assertThat(publisherHealth.slots()).singleElement().satisfies((slot) -> {
				assertThat(slot.active()).isTrue();
				assertThat(slot.replayLag()).as("unknown, not zero").isNull();
				assertThat(slot.lagBytes()).isGreaterThan(100_000L);
			});
			assertThat(publisherHealth.issues()).as("the bytes judge")
				.anySatisfy((issue) -> assertThat(issue).contains("WAL not yet confirmed by the subscriber")
					.contains("above the critical threshold"))
				.noneSatisfy((issue) -> assertThat(issue).contains("replay lag"));
			assertThat(silentWalsender()).as("the same state while health was read")
				.containsEntry("pid", walsender)
				.containsEntry("replay_lag_null", true);
		}
	}

	/** The catalog's view of the walsender serving the subscription's slot, as the test reads it. */
	private Map<String, Object> silentWalsender() {
		List<Map<String, Object>> rows = this.publisher.queryForList("""
				select r.pid, r.application_name, r.replay_lag is null as replay_lag_null,
				       pg_wal_lsn_diff(pg_current_wal_lsn(), s.confirmed_flush_lsn)::bigint as unconfirmed
				from pg_replication_slots s join pg_stat_replication r on r.pid = s.active_pid
				where s.slot_name = 'orders_sub'""");
		assertThat(rows).singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("application_name", "pgrepl-tests-silent"));
		return rows.get(0);
	}

	private Connection replicationConnection() throws SQLException {
		Properties properties = new Properties();
		PGProperty.USER.set(properties, PostgresServer.SUPERUSER);
		PGProperty.REPLICATION.set(properties, "database");
		PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
		PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
		PGProperty.APPLICATION_NAME.set(properties, "pgrepl-tests-silent");
		return DriverManager.getConnection(this.publisher.jdbcUrl(), properties);
	}

	/** Streams from the subscription's slot; pgjdbc replies only while the stream is read, so never. */
	private static PGReplicationStream silentStream(Connection replication) throws SQLException {
		return replication.unwrap(PGConnection.class)
			.getReplicationAPI()
			.replicationStream()
			.logical()
			.withSlotName("orders_sub")
			.withSlotOption("proto_version", "1")
			.withSlotOption("publication_names", "orders_pub")
			.withStatusInterval(1, TimeUnit.HOURS)
			.start();
	}

	private ReplicationLag lag() {
		List<ReplicationLag> lags = ReplicationManager.getReplicationLag(this.publisher.dataSource());
		assertThat(lags).hasSize(1);
		return lags.get(0);
	}

}
