package io.pgrepl.core.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.pgrepl.core.status.ConflictCounts;
import io.pgrepl.core.status.SlotStatus;
import io.pgrepl.core.status.TableSyncStatus;
import org.jspecify.annotations.Nullable;

/**
 * The health of one subscription. {@link #healthy()} is false when anything is broken now
 * ({@link #issues()}); {@link #warnings()} are early signs. A subscription that does not exist is
 * reported here with an issue, not thrown. What was observed is grouped by where PostgreSQL shows
 * it: the apply {@link Worker}, its {@link Tables}, its {@link Counters} and its {@link Slot} on the
 * publisher.
 *
 * @param name the subscription
 * @param exists whether it exists in this database; when not, the groups are {@code NONE}
 * @param enabled {@code subenabled}
 * @param worker its apply worker
 * @param tables its tables
 * @param counters its error and conflict counters
 * @param slot its slot on the publisher
 * @param heartbeat the newest heartbeat it applied, when its publisher writes heartbeats
 * @param issues what is broken now, each saying what to do
 * @param warnings early signs, each saying what to do
 */
public record SubscriptionHealth(String name, boolean exists, boolean enabled, Worker worker, Tables tables,
		Counters counters, Slot slot, Heartbeat heartbeat, List<String> issues, List<String> warnings) {

	public SubscriptionHealth {
		issues = List.copyOf(issues);
		warnings = List.copyOf(warnings);
	}

	/** A subscription that does not exist: nothing observed, one issue. */
	static SubscriptionHealth missing(String name, String issue) {
		return new SubscriptionHealth(name, false, false, Worker.NONE, Tables.NONE, Counters.NONE, Slot.NONE,
				Heartbeat.NONE, List.of(issue), List.of());
	}

	/** This health with these issues and warnings instead of its own. */
	SubscriptionHealth withFindings(List<String> issues, List<String> warnings) {
		return new SubscriptionHealth(this.name, this.exists, this.enabled, this.worker, this.tables, this.counters,
				this.slot, this.heartbeat, issues, warnings);
	}

	/**
	 * Whether a table of the subscription can never finish its initial sync, whatever the wait: its
	 * copy is done but its table-sync slot is gone from the publisher. The subscription must be
	 * recreated (the issue says how).
	 */
	public boolean initialSyncCannotFinish() {
		return this.issues.stream().anyMatch((issue) -> issue.contains(SubscriberRules.CANNOT_FINISH_SYNC));
	}

	/** Whether nothing is broken now (there may be warnings). */
	public boolean healthy() {
		return this.issues.isEmpty();
	}

	/**
	 * The apply worker, as {@code pg_stat_subscription} shows it.
	 *
	 * @param running whether it runs
	 * @param pid its process id, or {@code null}
	 * @param lastMessageReceiptTime when it last received a message from the publisher (data or
	 * keepalive); {@code null} without a worker
	 * @param latestEndTime when the publisher sent the last WAL position reported back to it;
	 * {@code null} without a worker
	 */
	public record Worker(boolean running, @Nullable Integer pid, @Nullable Instant lastMessageReceiptTime,
			@Nullable Instant latestEndTime) {

		/** No worker. */
		public static final Worker NONE = new Worker(false, null, null, null);

	}

	/**
	 * The subscription's tables, as {@code pg_subscription_rel} shows them.
	 *
	 * @param counts how many are in each sync state
	 * @param stuckCopying tables whose initial copy started but that no sync worker serves (the
	 * worker failed; PostgreSQL retries it)
	 * @param all every table with its state and, while copied, its copy progress
	 */
	public record Tables(SyncStateCounts counts, List<TableSyncStatus> stuckCopying, List<TableSyncStatus> all) {

		/** No tables. */
		public static final Tables NONE = new Tables(SyncStateCounts.NONE, List.of(), List.of());

		public Tables {
			stuckCopying = List.copyOf(stuckCopying);
			all = List.copyOf(all);
		}

		/** Counts and stuck tables without the list of every table. */
		public Tables(SyncStateCounts counts, List<TableSyncStatus> stuckCopying) {
			this(counts, stuckCopying, List.of());
		}

	}

	/**
	 * Counters of {@code pg_stat_subscription_stats}, cumulative since {@code statsReset}.
	 *
	 * @param applyErrors apply errors (15+; {@code null} on 14, which does not count them)
	 * @param syncErrors table-sync errors (15+; {@code null} on 14)
	 * @param conflicts conflict counters (18+; {@code null} before)
	 * @param statsReset when the counters were last reset, or {@code null} (never, or 14)
	 */
	public record Counters(@Nullable Long applyErrors, @Nullable Long syncErrors, @Nullable ConflictCounts conflicts,
			@Nullable Instant statsReset) {

		/** Nothing counted. */
		public static final Counters NONE = new Counters(null, null, null, null);

	}

	/**
	 * The subscription's slot on the publisher. Everything but the name is read on the publisher,
	 * so it is {@code null} when no publisher {@code DataSource} was given; a publisher that cannot be
	 * read is a warning, not a failure of the check.
	 *
	 * @param name the slot, or {@code null} ({@code slot_name = NONE})
	 * @param walStatus the slot's {@code wal_status} ({@code lost}: the subscription must be
	 * recreated)
	 * @param lag the replay lag measured by the walsender serving the slot: {@link Duration#ZERO}
	 * when the subscriber has confirmed all WAL; {@code null} (unknown, and the byte thresholds
	 * judge) when WAL waits and no walsender has measured it: none serves the slot, it has not had
	 * the subscriber's first reply since a reconnect, or the publisher role may not see walsender
	 * details (it lacks {@code pg_read_all_stats}); the subscription's own statistics cannot tell lag
	 * @param lagBytes WAL the subscriber has not confirmed: current LSN − the slot's
	 * {@code confirmed_flush_lsn}; 0 when caught up; {@code null} also when the slot was not found
	 */
	public record Slot(@Nullable String name, @Nullable String walStatus, @Nullable Duration lag,
			@Nullable Long lagBytes) {

		/** No slot. */
		public static final Slot NONE = new Slot(null, null, null, null);

		/** The slot of this name, with what the publisher showed of it ({@code null}: not read). */
		static Slot of(@Nullable String name, @Nullable SlotStatus status) {
			return (status != null) ? new Slot(name, status.walStatus(), status.replayLag(), status.lagBytes())
					: new Slot(name, null, null, null);
		}

		/** {@link #lag()} in whole seconds, or {@code null} when the lag is not known. */
		public @Nullable Long lagSeconds() {
			return (this.lag != null) ? this.lag.toSeconds() : null;
		}

	}

	/**
	 * The newest heartbeat the subscription applied: the row of pgrepl's heartbeat table its
	 * publisher writes for one of its publications at a fixed interval. Its age is the end-to-end
	 * lag, measured on the subscriber alone and true when nothing else is written; it includes how
	 * long ago the last heartbeat was written (up to the interval), and assumes the two servers'
	 * clocks agree (NTP).
	 *
	 * @param publication the publication whose heartbeat it is, or {@code null} when the
	 * subscription received none (its publisher writes none, or its table has not arrived yet)
	 * @param writtenAt when the publisher wrote it, by the publisher's clock
	 * @param interval how often the publisher writes it
	 * @param lag its age by the subscriber server's clock; zero rather than negative when that clock
	 * is behind the publisher's
	 */
	public record Heartbeat(@Nullable String publication, @Nullable Instant writtenAt, @Nullable Duration interval,
			@Nullable Duration lag) {

		/** No heartbeat. */
		public static final Heartbeat NONE = new Heartbeat(null, null, null, null);

		/** {@link #lag()} in whole seconds, or {@code null} without a heartbeat. */
		public @Nullable Long lagSeconds() {
			return (this.lag != null) ? this.lag.toSeconds() : null;
		}

	}

}
