package io.pgrepl.core.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.pgrepl.core.status.ConflictCounts;
import io.pgrepl.core.status.TableSyncStatus;
import org.jspecify.annotations.Nullable;

/**
 * The health of one subscription. {@link #healthy()} is false when anything is broken now
 * ({@link #issues()}); {@link #warnings()} are early signs. A subscription that does not exist is
 * reported here with an issue, not thrown.
 *
 * @param name the subscription
 * @param exists whether it exists in this database; when not, the other fields are empty
 * @param enabled {@code subenabled}
 * @param workerRunning whether its apply worker runs ({@code pg_stat_subscription.pid})
 * @param workerPid the apply worker's process id, or {@code null}
 * @param slotName its slot on the publisher, or {@code null} ({@code slot_name = NONE})
 * @param tables how many of its tables are in each sync state
 * @param tablesStuckCopying tables whose initial copy started but that no sync worker serves
 * (the worker failed; PostgreSQL retries it)
 * @param applyErrors apply errors since the statistics were reset (15+; {@code null} on 14, which
 * does not count them)
 * @param syncErrors table-sync errors since the statistics were reset (15+; {@code null} on 14)
 * @param conflicts conflict counters (18+; {@code null} before)
 * @param statsReset when the counters were last reset, or {@code null} (never, or 14)
 * @param lastMessageReceiptTime when the apply worker last received a message from the publisher
 * (data or keepalive); {@code null} without a worker
 * @param latestEndTime when the publisher sent the last WAL position reported back to it;
 * {@code null} without a worker
 * @param lag the replay lag measured by the walsender serving the subscription's slot:
 * {@link Duration#ZERO} when caught up; {@code null} when no publisher {@code DataSource} was
 * given, no walsender serves the slot, or the publisher role may not see walsender details (it
 * lacks {@code pg_read_all_stats}); the subscription's own statistics cannot tell lag
 * @param lagBytes WAL the subscriber has not confirmed, on the publisher: current LSN −
 * the slot's {@code confirmed_flush_lsn}; 0 when caught up; {@code null} when no publisher
 * {@code DataSource} was given or the slot was not found
 * @param slotWalStatus the slot's {@code wal_status} on the publisher ({@code lost}: the
 * subscription must be recreated); {@code null} without a publisher {@code DataSource}. A publisher
 * that cannot be read is a warning, not a failure of the check
 * @param issues what is broken now, each saying what to do
 * @param warnings early signs, each saying what to do
 */
public record SubscriptionHealth(String name, boolean exists, boolean enabled, boolean workerRunning,
		@Nullable Integer workerPid, @Nullable String slotName, SyncStateCounts tables,
		List<TableSyncStatus> tablesStuckCopying, @Nullable Long applyErrors, @Nullable Long syncErrors,
		@Nullable ConflictCounts conflicts, @Nullable Instant statsReset, @Nullable Instant lastMessageReceiptTime,
		@Nullable Instant latestEndTime, @Nullable Duration lag, @Nullable Long lagBytes,
		@Nullable String slotWalStatus, List<String> issues, List<String> warnings) {

	public SubscriptionHealth {
		tablesStuckCopying = List.copyOf(tablesStuckCopying);
		issues = List.copyOf(issues);
		warnings = List.copyOf(warnings);
	}

	/** Whether nothing is broken now (there may be warnings). */
	public boolean healthy() {
		return this.issues.isEmpty();
	}

	/** {@link #lag()} in whole seconds, or {@code null} when the lag is not known. */
	public @Nullable Long lagSeconds() {
		return (this.lag != null) ? this.lag.toSeconds() : null;
	}

}
