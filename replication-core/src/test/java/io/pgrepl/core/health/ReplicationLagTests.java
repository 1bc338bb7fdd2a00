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
				(l) -> Long.valueOf(0).equals(l.lagBytes()) && Duration.ZERO.equals(l.replayLag())
						&& Duration.ZERO.equals(l.writeLag()) && Duration.ZERO.equals(l.flushLag()),
				"zero lags once caught up (a flush measured just after the apply shows until the next replies)");

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
		List<Long> rowsAfter = new ArrayList<>();
		subscription.enable();
		OrdersReplication.poll(() -> {
			ReplicationLag lag = lag();
			seen.add(lag);
			rowsAfter.add(this.subscriber.queryForLong("select count(*) from orders"));
			return lag;
		}, (l) -> l.active() && Long.valueOf(0).equals(l.lagBytes()), "the backlog to be applied");

		for (int i = 0; i < seen.size(); i++) {
			ReplicationLag lag = seen.get(i);
			if (Duration.ZERO.equals(lag.replayLag())) {
				assertThat(rowsAfter.get(i)).as("a zero lag is read only once the backlog is applied, never while "
						+ "it is still on its way (reading %s of %s)", i + 1, seen.size()).isEqualTo(200000L);
			}
		}
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
				PGReplicationStream stream = stream(replication)) {
			AtomicInteger written = new AtomicInteger();
			Map<String, Object> catalog = OrdersReplication.poll(() -> {
				int from = written.getAndAdd(1000) + 1;
				this.publisher.execute("insert into orders select g, repeat('x', 100) from generate_series(" + from + ", "
						+ (from + 999) + ") g");
				return walsender();
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
			assertThat(walsender()).as("the same state while health was read")
				.containsEntry("pid", walsender)
				.containsEntry("replay_lag_null", true);
		}
	}

	/**
	 * A subscriber keeping up with a trickle of commits: it reports everything the walsender sent
	 * as applied at once, and its flush follows the asynchronous commits a little later, so
	 * PostgreSQL has forgotten the lag times (two replies in a row reported everything applied)
	 * while a few bytes are still unconfirmed. That is most of the time between commits; it is a
	 * lag of zero, not unknown. The test plays that subscriber with pgjdbc's replication protocol,
	 * reporting all it received as applied and holding its flush back.
	 */
	@Test
	void aSubscriberThatAppliedEverythingItWasSentReadsAsZeroLagWhileItsFlushTrailsBehind() throws Exception {
		Subscription subscription = OrdersReplication.start(this.publisher, this.subscriber, (options) -> options);
		this.subscriber.awaitQueryResult("select count(*) from pg_subscription_rel where srsubstate <> 'r'", 0L);
		subscription.disable();
		OrdersReplication.poll(this::lag, (l) -> !l.active(), "the apply worker's walsender to go");
		this.publisher.execute("insert into orders select g, 'x' from generate_series(1, 10) g");

		try (Connection replication = replicationConnection();
				PGReplicationStream stream = stream(replication)) {
			// WAL written anywhere in the cluster moves the walsender on until the player replies
			// again: only a reading during which the walsender stood still is judged
			Reading reading = OrdersReplication.poll(() -> {
				reportAllReceivedApplied(stream);
				Map<String, Object> before = walsender();
				ReplicationLag lag = lag();
				SubscriptionHealth health = ReplicationManager.healthCheckSubscriber(this.subscriber.dataSource(),
						"orders_sub", HealthThresholds.DEFAULTS, this.publisher.dataSource(), false);
				return new Reading(before, lag, health, walsender());
			}, (read) -> appliedAllButUnflushed(read.before()) && appliedAllButUnflushed(read.after())
					&& read.before().get("pid").equals(read.after().get("pid"))
					&& read.before().get("sent_lsn").equals(read.after().get("sent_lsn"))
					&& read.before().get("replay_lsn").equals(read.after().get("replay_lsn")),
					"the catalog to show, before and after lag and health were read, a streaming walsender whose "
							+ "subscriber applied all it was sent, with no lag time and WAL not confirmed flushed");

			assertThat(reading.lag().replayLag()).as("caught up: zero, not unknown").isEqualTo(Duration.ZERO);
			assertThat(reading.lag().lagBytes()).isPositive();
			assertThat(reading.health().slot().lagSeconds()).isZero();
		}
	}

	private static boolean appliedAllButUnflushed(Map<String, Object> walsender) {
		return "streaming".equals(walsender.get("state")) && Boolean.TRUE.equals(walsender.get("replay_lag_null"))
				&& Boolean.TRUE.equals(walsender.get("all_applied")) && (Long) walsender.get("unconfirmed") > 0;
	}

	/** The walsender as the catalog showed it before and after lag and health were read. */
	private record Reading(Map<String, Object> before, ReplicationLag lag, SubscriptionHealth health,
			Map<String, Object> after) {

	}

	/** Reads what has arrived and reports it all applied, the flush left where it was. */
	private static void reportAllReceivedApplied(PGReplicationStream stream) {
		try {
			while (stream.readPending() != null) {
				// the changes themselves do not matter here, only how far they reach
			}
			stream.setAppliedLSN(stream.getLastReceiveLSN());
			stream.forceUpdateStatus();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The catalog's view of the walsender serving the subscription's slot, as the test reads it. */
	private Map<String, Object> walsender() {
		List<Map<String, Object>> rows = this.publisher.queryForList("""
				select r.pid, r.application_name, r.state, r.replay_lag is null as replay_lag_null,
				       r.sent_lsn::text as sent_lsn, r.replay_lsn::text as replay_lsn,
				       r.replay_lsn >= r.sent_lsn as all_applied,
				       pg_wal_lsn_diff(pg_current_wal_lsn(), s.confirmed_flush_lsn)::bigint as unconfirmed
				from pg_replication_slots s join pg_stat_replication r on r.pid = s.active_pid
				where s.slot_name = 'orders_sub'""");
		assertThat(rows).singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("application_name", "pgrepl-tests-player"));
		return rows.get(0);
	}

	private Connection replicationConnection() throws SQLException {
		Properties properties = new Properties();
		PGProperty.USER.set(properties, PostgresServer.SUPERUSER);
		PGProperty.REPLICATION.set(properties, "database");
		PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
		PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
		PGProperty.APPLICATION_NAME.set(properties, "pgrepl-tests-player");
		return DriverManager.getConnection(this.publisher.jdbcUrl(), properties);
	}

	/**
	 * Streams from the subscription's slot. pgjdbc replies only while the stream is read, or when
	 * told to, and never reports a flush by itself.
	 */
	private static PGReplicationStream stream(Connection replication) throws SQLException {
		return replication.unwrap(PGConnection.class)
			.getReplicationAPI()
			.replicationStream()
			.logical()
			.withSlotName("orders_sub")
			.withSlotOption("proto_version", "1")
			.withSlotOption("publication_names", "orders_pub")
			.withStatusInterval(1, TimeUnit.HOURS)
			.withAutomaticFlush(false)
			.start();
	}

	private ReplicationLag lag() {
		List<ReplicationLag> lags = ReplicationManager.getReplicationLag(this.publisher.dataSource());
		assertThat(lags).hasSize(1);
		return lags.get(0);
	}

}
