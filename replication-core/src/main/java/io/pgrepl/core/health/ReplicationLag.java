package io.pgrepl.core.health;

import java.time.Duration;

import io.pgrepl.core.status.SlotStatus;
import org.jspecify.annotations.Nullable;

/**
 * How far one subscriber (one logical slot and the walsender serving it) is behind the publisher.
 *
 * <p>
 * A caught-up subscriber reads as {@link Duration#ZERO}, not as unknown: PostgreSQL's
 * {@code pg_stat_replication} shows NULL lags once the subscriber has reported everything it was
 * sent applied, which between a trickle of commits is most of the time, while the last commits'
 * flush may still be unconfirmed (a few bytes). A stalled or disabled subscriber
 * reads as growing {@link #lagBytes()}; its time lags are {@code null} because no walsender measures
 * them while nothing is connected. A subscriber that reconnected with a backlog has {@code null}
 * time lags too until the walsender has its first reply: PostgreSQL shows NULL then as well, and
 * only the bytes tell it from being caught up.
 *
 * @param slotName the slot
 * @param active whether a walsender is streaming from the slot now
 * @param pid the walsender's process id, or {@code null} when inactive
 * @param applicationName the walsender's {@code application_name} (for an apply worker, the
 * subscription name), or {@code null} when inactive
 * @param writeLag time until recent WAL was written on the subscriber; {@code null} when not known
 * @param flushLag time until recent WAL was flushed on the subscriber; {@code null} when not known
 * @param replayLag time until recent WAL was applied on the subscriber; {@code null} when not known
 * (WAL waits and no walsender measures it)
 * @param lagBytes WAL not yet confirmed by the subscriber (current LSN −
 * {@code confirmed_flush_lsn}); {@code null} only while the slot is being created
 */
public record ReplicationLag(String slotName, boolean active, @Nullable Integer pid,
		@Nullable String applicationName, @Nullable Duration writeLag, @Nullable Duration flushLag,
		@Nullable Duration replayLag, @Nullable Long lagBytes) {

	/** The lag part of a slot's status. */
	public static ReplicationLag of(SlotStatus slot) {
		return new ReplicationLag(slot.name(), slot.active(), slot.activePid(), slot.applicationName(),
				slot.writeLag(), slot.flushLag(), slot.replayLag(), slot.lagBytes());
	}

}
