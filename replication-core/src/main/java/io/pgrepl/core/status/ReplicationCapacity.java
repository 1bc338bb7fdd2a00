package io.pgrepl.core.status;

import java.util.ArrayList;
import java.util.List;

/**
 * How much of the publisher's replication capacity is taken, the whole cluster counted (slots and
 * walsenders of every database share the limits). Both settings need a restart to change.
 *
 * @param maxReplicationSlots {@code max_replication_slots}
 * @param replicationSlotsInUse slots that exist ({@code pg_replication_slots}), logical and
 * physical, table-sync slots included
 * @param maxWalSenders {@code max_wal_senders}
 * @param walSendersInUse walsenders running ({@code pg_stat_replication})
 */
public record ReplicationCapacity(int maxReplicationSlots, int replicationSlotsInUse, int maxWalSenders,
		int walSendersInUse) {

	public static ReplicationCapacity of(ServerSettings settings) {
		return new ReplicationCapacity(settings.maxReplicationSlots(), settings.replicationSlotsInUse(),
				settings.maxWalSenders(), settings.walSendersInUse());
	}

	/** What makes logical replication impossible: no slot or no walsender can exist. */
	public List<String> problems() {
		List<String> problems = new ArrayList<>();
		addIfZero(problems, this.maxReplicationSlots, "max_replication_slots", "have a slot");
		addIfZero(problems, this.maxWalSenders, "max_wal_senders", "connect");
		return problems;
	}

	/** Early signs: at least 80% of the slots or of the walsenders are taken. */
	public List<String> warnings() {
		List<String> warnings = new ArrayList<>();
		addIfNearlyUsed(warnings, this.replicationSlotsInUse, this.maxReplicationSlots, "replication slots",
				"max_replication_slots");
		addIfNearlyUsed(warnings, this.walSendersInUse, this.maxWalSenders, "walsenders", "max_wal_senders");
		return warnings;
	}

	/**
	 * What cannot work for a new subscription: its apply worker needs a slot (when it creates one)
	 * and a walsender, and while it copies, each table-sync worker needs a walsender and a slot of
	 * its own on the publisher too (up to max_sync_workers_per_subscription at once). Without room
	 * for at least one copy, every copy fails and is retried forever.
	 * @param createSlot whether the subscription creates its slot
	 * @param tablesToCopy the tables its initial copy covers (0 without copy_data)
	 * @param maxSyncWorkers the subscriber's max_sync_workers_per_subscription
	 */
	public List<String> problemsForNewSubscription(boolean createSlot, int tablesToCopy, int maxSyncWorkers) {
		List<String> problems = new ArrayList<>();
		int copies = (tablesToCopy > 0 && maxSyncWorkers > 0) ? 1 : 0;
		int slots = (createSlot ? 1 : 0) + copies;
		int freeSlots = this.maxReplicationSlots - this.replicationSlotsInUse;
		if (slots > 0 && freeSlots < slots) {
			problems.add(need(freeSlots, "replication slots", slots, createSlot, copies, tablesToCopy)
					+ "; raise max_replication_slots on the publisher (restart) or drop an unused slot");
		}
		int freeWalSenders = this.maxWalSenders - this.walSendersInUse;
		if (freeWalSenders < 1 + copies) {
			problems.add(need(freeWalSenders, "walsenders", 1 + copies, true, copies, tablesToCopy)
					+ "; raise max_wal_senders on the publisher (restart)");
		}
		return problems;
	}

	/**
	 * What would serialise a new subscription's initial copy: fewer free slots or walsenders than
	 * the copies it would run at once.
	 */
	public List<String> warningsForNewSubscription(boolean createSlot, int tablesToCopy, int maxSyncWorkers) {
		List<String> warnings = new ArrayList<>();
		int concurrent = Math.min(tablesToCopy, maxSyncWorkers);
		if (concurrent <= 1) {
			return warnings;
		}
		int freeSlots = this.maxReplicationSlots - this.replicationSlotsInUse - (createSlot ? 1 : 0);
		int freeWalSenders = this.maxWalSenders - this.walSendersInUse - 1;
		int possible = Math.min(freeSlots, freeWalSenders);
		if (possible >= 1 && possible < concurrent) {
			String setting = (freeSlots <= freeWalSenders) ? "max_replication_slots" : "max_wal_senders";
			warnings.add("the initial copy of " + tablesToCopy + " tables would run " + concurrent + " at once "
					+ "(max_sync_workers_per_subscription), but the publisher has room for " + possible
					+ ": the copies run in turn, each failing and retrying until a slot and a walsender are free; "
					+ "raise " + setting + " on the publisher (restart) to copy in parallel");
		}
		return warnings;
	}

	private static String need(int free, String what, int needed, boolean apply, int copies, int tables) {
		return "the publisher has " + Math.max(free, 0) + " free " + what + " but the new subscription needs " + needed
				+ ": " + (apply ? "one for its apply worker" : "") + ((apply && copies > 0) ? " and " : "")
				+ ((copies > 0) ? "one for each table copied at once (" + tables + " to copy)" : "");
	}

	private static void addIfZero(List<String> problems, int max, String setting, String what) {
		if (max == 0) {
			problems.add(setting + " = 0 on the publisher, so no subscription can " + what + "; set it to at least "
					+ "the number of subscriptions plus their table-sync workers and restart the server");
		}
	}

	private static void addIfNearlyUsed(List<String> warnings, int inUse, int max, String what, String setting) {
		if (max > 0 && inUse * 5L >= max * 4L) {
			warnings.add(inUse + " of " + max + " " + what + " are in use: each subscription and each table sync "
					+ "needs one; raise " + setting + " (the server must restart)");
		}
	}

}
