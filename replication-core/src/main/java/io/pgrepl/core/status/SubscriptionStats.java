package io.pgrepl.core.status;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the subscriber says about one subscription: {@code pg_subscription}, its apply worker in
 * {@code pg_stat_subscription} and its counters in {@code pg_stat_subscription_stats} (15+).
 */
public record SubscriptionStats(long oid, String name, boolean enabled, @Nullable String slotName,
		@Nullable Integer workerPid, @Nullable String receivedLsn, @Nullable String latestEndLsn,
		@Nullable Instant lastMessageSendTime, @Nullable Instant lastMessageReceiptTime,
		@Nullable Instant latestEndTime, @Nullable Long applyErrors, @Nullable Long syncErrors,
		@Nullable ConflictCounts conflicts, @Nullable Instant statsReset) {

	public boolean workerRunning() {
		return this.workerPid != null;
	}

	/** Apply plus sync errors, or {@code null} where PostgreSQL 14 does not count them. */
	public @Nullable Long errors() {
		return (this.applyErrors != null && this.syncErrors != null) ? this.applyErrors + this.syncErrors : null;
	}

}
