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
