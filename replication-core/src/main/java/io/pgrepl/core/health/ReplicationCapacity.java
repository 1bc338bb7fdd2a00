package io.pgrepl.core.health;

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

	/** Whether at least 80% of the slots are taken (or none can exist). */
	public boolean slotsNearlyUsed() {
		return nearlyUsed(this.replicationSlotsInUse, this.maxReplicationSlots);
	}

	/** Whether at least 80% of the walsenders are taken (or none can run). */
	public boolean walSendersNearlyUsed() {
		return nearlyUsed(this.walSendersInUse, this.maxWalSenders);
	}

	private static boolean nearlyUsed(int inUse, int max) {
		return inUse * 5L >= max * 4L;
	}

}
