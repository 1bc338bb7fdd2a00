package io.pgrepl.core.status;

import io.pgrepl.core.model.Side;
import org.jspecify.annotations.Nullable;

/**
 * The settings and counts that decide whether a server can take part in logical replication, and
 * the attributes of one role, read in one query.
 *
 * @param database the current database
 * @param walLevel {@code wal_level}
 * @param maxReplicationSlots {@code max_replication_slots}; on a subscriber before PostgreSQL 18
 * also the number of replication origins (one per running subscription worker)
 * @param replicationSlotsInUse rows of {@code pg_replication_slots}, the whole cluster
 * @param maxWalSenders {@code max_wal_senders}
 * @param walSendersInUse rows of {@code pg_stat_replication}, the whole cluster
 * @param maxWorkerProcesses {@code max_worker_processes}
 * @param maxLogicalReplicationWorkers {@code max_logical_replication_workers}
 * @param maxActiveReplicationOrigins {@code max_active_replication_origins} (18+), else {@code null}
 * @param subscriptions subscriptions in the cluster ({@code pg_subscription} is shared)
 * @param enabledSubscriptions enabled subscriptions in the cluster, each holding an apply worker
 * @param role the role asked about
 */
public record ServerSettings(String database, String walLevel, int maxReplicationSlots, int replicationSlotsInUse,
		int maxWalSenders, int walSendersInUse, int maxWorkerProcesses, int maxLogicalReplicationWorkers,
		@Nullable Integer maxActiveReplicationOrigins, int subscriptions, int enabledSubscriptions, Role role) {

	/** Whether {@code wal_level} allows logical decoding. */
	public boolean logicalWalLevel() {
		return "logical".equals(this.walLevel);
	}

	/**
	 * What to change when {@code wal_level} is not {@code logical}, or {@code null} when it is.
	 * @param server what the server is to the user, named in the message
	 */
	public @Nullable String walLevelProblem(Side server) {
		if (logicalWalLevel()) {
			return null;
		}
		return "wal_level is '" + this.walLevel + "' on the " + server + "; set wal_level = logical in postgresql.conf "
				+ "(or ALTER SYSTEM SET wal_level = logical) and restart the server";
	}

	/**
	 * Attributes of a role.
	 *
	 * @param name the role name
	 * @param exists whether the role exists
	 * @param superuser {@code rolsuper}
	 * @param replication {@code rolreplication}
	 * @param createSubscription whether it has the privileges of {@code pg_create_subscription}
	 * (16+); {@code null} before 16, where the role does not exist
	 * @param createOnDatabase whether it may {@code CREATE} in the current database
	 */
	public record Role(String name, boolean exists, boolean superuser, boolean replication,
			@Nullable Boolean createSubscription, boolean createOnDatabase) {

		/** Whether it may start a walsender: superuser or {@code REPLICATION}. */
		public boolean canReplicate() {
			return this.superuser || this.replication;
		}

	}

}
