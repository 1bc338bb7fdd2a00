package io.pgrepl.core.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.ConflictCounts;
import io.pgrepl.core.status.ReceivedHeartbeat;
import io.pgrepl.core.status.ReplicationCapacity;
import io.pgrepl.core.status.SlotStatus;
import io.pgrepl.core.status.SubscriptionStats;
import io.pgrepl.core.status.TableSyncStatus;
import org.jspecify.annotations.Nullable;

/**
 * What a subscription's records mean. No SQL, so every rule can be tested on records.
 *
 * <p>
 * Error counters are cumulative since the statistics were last reset, so a count above zero
 * alone cannot say whether replication fails now. They count as an issue while replication is
 * visibly not keeping up: the apply worker is not running (it exits on every error and restarts
 * after {@code wal_retrieve_retry_interval}), a table's copy has no sync worker, or lag is above
 * its warning threshold. Otherwise they are a warning: past errors, with how to reset the
 * counters. PostgreSQL 14 has no counters; there a failing subscription shows as its worker not
 * running.
 */
final class SubscriberRules {

	/** The words of the issue of a table whose table-sync slot is lost. */
	static final String CANNOT_FINISH_SYNC = "can never finish their initial sync";

	private SubscriberRules() {
	}

	static SubscriptionHealth missing(String name) {
		return SubscriptionHealth.missing(name, "subscription '" + name + "' does not exist in this database; create "
				+ "it (CREATE SUBSCRIPTION " + Identifiers.quote(name) + " CONNECTION ... PUBLICATION ...)");
	}

	static SubscriptionHealth evaluate(SubscriptionStats stats, List<TableSyncStatus> tables, SlotLookup lookup,
			HealthThresholds thresholds, boolean expectEnabled) {
		Findings findings = new Findings();
		String subject = "subscription '" + stats.name() + "'";
		List<TableSyncStatus> stuck = (stats.enabled() && stats.workerRunning())
				? tables.stream().filter(TableSyncStatus::stuckCopying).toList() : List.of();
		if (!stats.enabled() && expectEnabled) {
			findings.issue(subject + " is disabled, so no changes are applied and its slot retains WAL on the "
					+ "publisher; ALTER SUBSCRIPTION " + Identifiers.quote(stats.name()) + " ENABLE");
		}
		if (stats.enabled() && !stats.workerRunning()) {
			findings.issue(workerNotRunning(stats, subject, lookup));
		}
		if (stats.slotName() == null) {
			String message = subject + " has no slot (slot_name = NONE), so it cannot stream; set one with "
					+ "ALTER SUBSCRIPTION ... SET (slot_name = '...') or recreate the subscription";
			if (expectEnabled) {
				findings.issue(message);
			}
			else {
				findings.warning(message);
			}
		}
		SlotStatus slot = lookup.slot();
		Findings lag = new Findings();
		if (lookup.failure() != null) {
			// an unreachable publisher is an outage of the subscription, whatever the worker still shows
			findings.issue("cannot reach the publisher to read slot '" + stats.slotName() + "' of " + subject + ": "
					+ lookup.failure());
		}
		else if (lookup.missing()) {
			findings.issue("slot '" + stats.slotName() + "' of " + subject + " does not exist on the publisher, so "
					+ "the subscription cannot stream; recreate the subscription, or create the slot with SELECT "
					+ "pg_create_logical_replication_slot(" + Identifiers.literal(stats.slotName())
					+ ", 'pgoutput') (changes made since the slot was lost are not replicated)");
		}
		else if (slot != null && slot.lost()) {
			findings.issue(subject + ": " + SlotRules.lostMessage(slot));
		}
		else if (slot != null) {
			lag.bytesAbove(slot.lagBytes(), thresholds.lagBytesWarning(), thresholds.lagBytesCritical(),
					"lag of " + subject, "WAL the subscriber has not confirmed yet");
			lag.durationAbove(slot.replayLag(), thresholds.lagWarning(), thresholds.lagCritical(),
					"lag of " + subject, "changes arrive later than they are written on the publisher");
		}
		findings.addAll((!stats.enabled() && !expectEnabled) ? lag.downgradedToWarnings() : lag);
		checkErrors(stats, stuck, lagAboveWarning(slot, thresholds), subject, lookup, findings);
		checkConflicts(stats, subject, findings);
		return new SubscriptionHealth(stats.name(), true, stats.enabled(),
				new SubscriptionHealth.Worker(stats.workerRunning(), stats.workerPid(), stats.lastMessageReceiptTime(),
						stats.latestEndTime()),
				new SubscriptionHealth.Tables(SyncStateCounts.of(tables), stuck, tables),
				new SubscriptionHealth.Counters(stats.applyErrors(), stats.syncErrors(), stats.conflicts(),
						stats.statsReset()),
				SubscriptionHealth.Slot.of(stats.slotName(), slot), SubscriptionHealth.Heartbeat.NONE, findings.issues(),
				findings.warnings());
	}

	/**
	 * {@code health} with a warning naming the tables pgrepl created whose secondary indexes and
	 * constraints wait for the initial copy: queries on them may be slow until they are built.
	 */
	static SubscriptionHealth withDeferred(SubscriptionHealth health, List<String> tables) {
		if (tables.isEmpty()) {
			return health;
		}
		List<String> warnings = new ArrayList<>(health.warnings());
		warnings.add("tables " + String.join(", ", tables) + " of subscription '" + health.name() + "' still lack "
				+ "the indexes and constraints deferred until their initial copy (pgrepl.deferred_ddl); the next "
				+ "reconcile (apply, or the application's next start) builds them once the copy is done, and retries a "
				+ "build that failed (the WARN it logged says why)");
		return health.withFindings(health.issues(), warnings);
	}

	/**
	 * {@code health} with an issue naming the tables whose copy is done but whose table-sync slot is
	 * gone from the publisher. PostgreSQL drops that slot just before it commits the table as
	 * synchronized; a crash or an error of the subscriber between the two leaves the table copied
	 * with no slot to catch up from, and PostgreSQL retries the sync worker forever, each retry
	 * failing. The changes since the copy are only in the main slot, which has passed them, so the
	 * table must be copied again: the subscription recreated.
	 */
	static SubscriptionHealth withLostSyncSlots(SubscriptionHealth health, List<TableName> lost) {
		if (lost.isEmpty()) {
			return health;
		}
		List<String> issues = new ArrayList<>(health.issues());
		issues.add("tables " + lost.stream().map(TableName::toString).collect(Collectors.joining(", "))
				+ " of subscription '" + health.name() + "' " + CANNOT_FINISH_SYNC + ": the copy is done "
				+ "(finishedCopy) but the table-sync slot (pg_<subscription oid>_sync_<table oid>_...) is gone from the "
				+ "publisher, so every retry of the sync worker fails (\"replication slot ... does not exist\" in the "
				+ "subscriber's server log) and these tables receive no changes. PostgreSQL drops that slot just "
				+ "before it records the table as synchronized, and a crash or an error of the subscriber between "
				+ "the two leaves this state, which PostgreSQL does not repair. Recreate the subscription: DROP "
				+ "SUBSCRIPTION " + Identifiers.quote(health.name()) + ", TRUNCATE " + health.tables()
					.all()
					.stream()
					.map((table) -> table.tableName().quoted())
					.distinct()
					.collect(Collectors.joining(", "))
				+ " (the copy would otherwise meet the rows already there), then create it again (restart the "
				+ "application)");
		return health.withFindings(issues, health.warnings());
	}

	/**
	 * {@code health} with the newest heartbeat its subscription applied. Its age is the end-to-end
	 * lag, and a heartbeat is up to its interval old even when nothing is late, so the lag
	 * thresholds start after the interval: a heartbeat older than interval + {@code lagCritical} is
	 * stale, an issue (a warning when the subscription is disabled as declared).
	 */
	static SubscriptionHealth withHeartbeat(SubscriptionHealth health, @Nullable ReceivedHeartbeat heartbeat,
			HealthThresholds thresholds, boolean expectEnabled) {
		if (heartbeat == null) {
			return health;
		}
		Findings findings = new Findings();
		findings.durationAbove(heartbeat.age(), heartbeat.interval().plus(thresholds.lagWarning()),
				heartbeat.interval().plus(thresholds.lagCritical()),
				"the heartbeat lag of subscription '" + health.name() + "' (the age of the newest heartbeat of "
						+ "publication '" + heartbeat.publication() + "', which the publisher writes every "
						+ Units.duration(heartbeat.interval()) + "; the thresholds are that plus the lag thresholds)",
				"nothing the publisher wrote after " + heartbeat.writtenAt() + " has been applied here; if replication "
						+ "flows, the publishing application has stopped writing heartbeats, or the two servers' clocks "
						+ "disagree (keep them NTP-synced)");
		if (!health.enabled() && !expectEnabled) {
			findings = findings.downgradedToWarnings();
		}
		List<String> issues = new ArrayList<>(health.issues());
		issues.addAll(findings.issues());
		List<String> warnings = new ArrayList<>(health.warnings());
		warnings.addAll(findings.warnings());
		return new SubscriptionHealth(health.name(), health.exists(), health.enabled(), health.worker(), health.tables(),
				health.counters(), health.slot(), new SubscriptionHealth.Heartbeat(heartbeat.publication(),
						heartbeat.writtenAt(), heartbeat.interval(), heartbeat.age()),
				issues, warnings);
	}

	/**
	 * Advice from the cause PostgreSQL exposes, never a guess: the apply worker's last error is only
	 * in the subscriber's server log, but an unreachable publisher shows here as the failed slot
	 * lookup, and a unique violation as PostgreSQL 18's insert_exists and update_exists conflicts.
	 */
	private static String workerNotRunning(SubscriptionStats stats, String subject, SlotLookup lookup) {
		Long errors = stats.errors();
		String after = (errors != null && errors > 0) ? " after " + errorCounts(stats) : "";
		if (publisherUnreachable(lookup)) {
			return "the apply worker of " + subject + " is not running" + after + ": publisher unreachable ("
					+ lookup.failure() + "); the worker retries every wal_retrieve_retry_interval and resumes by "
					+ "itself when the publisher answers, nothing is lost while its slot is kept";
		}
		if (errors != null && errors > 0) {
			ConflictCounts conflicts = stats.conflicts();
			if (conflicts != null && conflicts.insertExists() + conflicts.updateExists() > 0) {
				return "the apply worker of " + subject + " is not running" + after + " and " + conflicts.insertExists()
						+ " insert_exists and " + conflicts.updateExists() + " update_exists conflicts: a unique "
						+ "violation stops it; remove the conflicting row on the subscriber or skip the transaction with "
						+ "ALTER SUBSCRIPTION " + Identifiers.quote(stats.name())
						+ " SKIP (lsn = ...) using the finish LSN from the subscriber's server log";
			}
			return "the apply worker of " + subject + " is not running" + after + ": it fails, exits and is "
					+ "restarted after wal_retrieve_retry_interval; PostgreSQL does not expose the error in SQL, see "
					+ "the subscriber's server log";
		}
		return "the apply worker of " + subject + " is not running although the subscription is enabled: it "
				+ "fails and is restarted (see the subscriber's server log), waits for a free worker "
				+ "(max_logical_replication_workers), or is just starting";
	}

	/** What is full on the publisher, or {@code null} when there is room (or it was not read). */
	private static @Nullable String fullPublisher(@Nullable ReplicationCapacity capacity) {
		if (capacity == null) {
			return null;
		}
		if (capacity.replicationSlotsInUse() >= capacity.maxReplicationSlots()) {
			return "all " + capacity.maxReplicationSlots() + " replication slots of the publisher are in use "
					+ "(max_replication_slots)";
		}
		if (capacity.walSendersInUse() >= capacity.maxWalSenders()) {
			return "all " + capacity.maxWalSenders() + " walsenders of the publisher are in use (max_wal_senders)";
		}
		return null;
	}

	/** Whether the health check could not connect to the publisher at all (PgSession's "Cannot connect"). */
	private static boolean publisherUnreachable(SlotLookup lookup) {
		return lookup.failure() != null && lookup.failure().startsWith("Cannot connect to the");
	}

	private static void checkErrors(SubscriptionStats stats, List<TableSyncStatus> stuck, boolean lagAboveWarning,
			String subject, SlotLookup lookup, Findings findings) {
		Long errors = stats.errors();
		String stuckTables = stuck.stream()
			.map((table) -> table.tableName().toString())
			.collect(Collectors.joining(", "));
		String full = fullPublisher(lookup.capacity());
		if (!stuck.isEmpty() && full != null) {
			findings.issue("tables " + stuckTables + " of " + subject + " cannot be copied: " + full + ", and each "
					+ "table copy needs a slot and a walsender of its own on the publisher while it runs; raise "
					+ (full.contains("slots") ? "max_replication_slots" : "max_wal_senders")
					+ " on the publisher (restart) or drop an unused slot");
			return;
		}
		if (errors == null || errors == 0) {
			if (!stuck.isEmpty()) {
				findings.warning("tables " + stuckTables + " of " + subject + " started their initial copy but no "
						+ "sync worker serves them: the worker failed and is retried; the subscriber's server log "
						+ "names the error");
			}
			return;
		}
		if (stats.enabled() && !stats.workerRunning()) {
			return;
		}
		if (!stuck.isEmpty() || lagAboveWarning) {
			findings.issue(subject + " has " + errorCounts(stats) + " and is not keeping up"
					+ (stuck.isEmpty() ? "" : " (tables stuck copying: " + stuckTables + ")")
					+ (publisherUnreachable(lookup) ? ": publisher unreachable (" + lookup.failure() + ")"
							: "; the subscriber's server log names the error"));
		}
		else {
			findings.warning(subject + " has " + errorCounts(stats) + ", but replication is flowing now, so these are "
					+ "past errors; to clear the counters: SELECT pg_stat_reset_subscription_stats(" + stats.oid()
					+ ")");
		}
	}

	private static void checkConflicts(SubscriptionStats stats, String subject, Findings findings) {
		ConflictCounts conflicts = stats.conflicts();
		if (conflicts == null || conflicts.total() == 0) {
			return;
		}
		Map<String, Long> counts = conflicts.nonZero();
		findings.warning(subject + " met " + conflicts.total() + " conflicts " + since(stats) + " ("
				+ counts.entrySet()
					.stream()
					.map((count) -> count.getKey() + " " + count.getValue())
					.collect(Collectors.joining(", "))
				+ "): rows were skipped or rejected, so the subscriber's data may differ from the publisher's; the "
				+ "subscriber's server log has each conflict");
	}

	private static boolean lagAboveWarning(@Nullable SlotStatus slot, HealthThresholds thresholds) {
		if (slot == null) {
			return false;
		}
		Long bytes = slot.lagBytes();
		Duration time = slot.replayLag();
		return (bytes != null && bytes > thresholds.lagBytesWarning())
				|| (time != null && time.compareTo(thresholds.lagWarning()) > 0);
	}

	private static String errorCounts(SubscriptionStats stats) {
		return stats.applyErrors() + " apply errors and " + stats.syncErrors() + " sync errors " + since(stats);
	}

	private static String since(SubscriptionStats stats) {
		return (stats.statsReset() != null) ? "since the statistics were reset at " + stats.statsReset()
				: "since the statistics began";
	}

}
