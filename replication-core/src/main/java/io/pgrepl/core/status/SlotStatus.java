package io.pgrepl.core.status;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A logical replication slot on the publisher, with the walsender serving it
 * ({@code pg_replication_slots} joined to {@code pg_stat_replication} on {@code active_pid}).
 *
 * <p>
 * The three time lags are PostgreSQL's {@code write_lag}, {@code flush_lag} and
 * {@code replay_lag}. PostgreSQL shows NULL there once the subscriber has reported everything it
 * was sent applied twice in a row (caught up, which between a trickle of commits is most of the
 * time), and also before the walsender's first reply after a (re)connect, however large the
 * backlog. So a NULL reads as {@link Duration#ZERO} when {@link #lagBytes()} is 0 (nothing is late,
 * whether or not a walsender measures it), or when the walsender streams, has read to within one
 * WAL segment of the end, and the subscriber has reported everything it sent as applied (its
 * {@code replay_lsn} at {@code sent_lsn}: caught up, though the last commits' flush may be
 * unconfirmed); otherwise, with WAL unconfirmed, it is {@code null}, unknown, and the byte
 * thresholds judge. They are {@code null} too while WAL waits
 * and no walsender serves the slot ({@link #active()} false), or the role reading them may not see
 * walsender details (it lacks {@code pg_read_all_stats}).
 *
 * @param name {@code slot_name}
 * @param active whether a walsender is streaming from it
 * @param activePid the walsender's process id, or {@code null} when inactive
 * @param temporary whether the slot disappears with its session
 * @param tableSync whether it is a table synchronization slot ({@code pg_<subid>_sync_<relid>_<sysid>}),
 * which exists while a table's initial copy runs and retains WAL like any other
 * @param walStatus {@code wal_status}: {@code reserved}, {@code extended}, {@code unreserved} or
 * {@code lost}; {@code null} while the slot has not reserved WAL yet
 * @param safeWalSize {@code safe_wal_size}: bytes that can still be written before the slot is in
 * danger of being lost; {@code null} when {@code max_slot_wal_keep_size = -1} (no limit) or the
 * slot is lost
 * @param retainedBytes WAL the slot keeps on the publisher: current LSN − {@code restart_lsn};
 * {@code null} when the slot holds none (lost, or not yet reserved)
 * @param lagBytes WAL the subscriber has not confirmed: current LSN − {@code confirmed_flush_lsn};
 * 0 when caught up; {@code null} only while the slot is being created
 * @param inactiveSince when the slot last became inactive (17+; {@code null} before 17 and while
 * active)
 * @param invalidationReason why the slot was invalidated (17+), e.g. {@code wal_removed}, else
 * {@code null}
 * @param applicationName the walsender's {@code application_name} (the subscription name for an
 * apply worker), or {@code null} when inactive
 * @param writeLag time until the subscriber wrote recent WAL
 * @param flushLag time until the subscriber flushed recent WAL
 * @param replayLag time until the subscriber applied recent WAL
 */
public record SlotStatus(String name, boolean active, @Nullable Integer activePid, boolean temporary,
		boolean tableSync, @Nullable String walStatus, @Nullable Long safeWalSize, @Nullable Long retainedBytes,
		@Nullable Long lagBytes, @Nullable Instant inactiveSince, @Nullable String invalidationReason,
		@Nullable String applicationName, @Nullable Duration writeLag, @Nullable Duration flushLag,
		@Nullable Duration replayLag) {

	/** Whether the slot can never be used again: its WAL was removed or it was invalidated. */
	public boolean lost() {
		return "lost".equals(this.walStatus) || this.invalidationReason != null;
	}

}
