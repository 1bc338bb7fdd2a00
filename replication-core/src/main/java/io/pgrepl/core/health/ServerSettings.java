package io.pgrepl.core.health;

import java.sql.ResultSet;
import java.sql.SQLException;

import io.pgrepl.core.jdbc.PgSession;
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

	/**
	 * Reads the settings, with the attributes of {@code roleName} ({@code null}: the session's role).
	 * Every column exists on 14 to 18: settings newer than the server read as {@code null}, and the
	 * {@code pg_create_subscription} role (16+) is looked up by name rather than referenced.
	 */
	public static ServerSettings read(PgSession session, @Nullable String roleName) {
		return session.queryOne("""
				select current_database()::text as database, current_setting('wal_level') as wal_level,
				       current_setting('max_replication_slots')::int as max_replication_slots,
				       (select count(*) from pg_replication_slots)::int as slots_in_use,
				       current_setting('max_wal_senders')::int as max_wal_senders,
				       (select count(*) from pg_stat_replication)::int as wal_senders_in_use,
				       current_setting('max_worker_processes')::int as max_worker_processes,
				       current_setting('max_logical_replication_workers')::int as max_logical_replication_workers,
				       current_setting('max_active_replication_origins', true)::int as max_active_replication_origins,
				       (select count(*) from pg_subscription)::int as subscriptions,
				       (select count(*) from pg_subscription where subenabled)::int as enabled_subscriptions,
				       coalesce(?::text, current_user::text) as role_name, r.oid is not null as role_exists,
				       coalesce(r.rolsuper, false) as superuser, coalesce(r.rolreplication, false) as replication,
				       (select pg_has_role(r.oid, g.oid, 'USAGE') from pg_roles g
				        where g.rolname = 'pg_create_subscription') as create_subscription,
				       coalesce(has_database_privilege(r.oid, current_database(), 'CREATE'), false) as create_on_database
				from (select 1) one
				left join pg_roles r on r.rolname = coalesce(?::text, current_user::text)""", ServerSettings::map,
				roleName, roleName)
			.orElseThrow();
	}

	private static ServerSettings map(ResultSet rs) throws SQLException {
		boolean exists = rs.getBoolean("role_exists");
		Boolean createSubscription = rs.getBoolean("create_subscription");
		if (rs.wasNull()) {
			createSubscription = null;
		}
		Role role = new Role(rs.getString("role_name"), exists, rs.getBoolean("superuser"),
				rs.getBoolean("replication"), createSubscription, rs.getBoolean("create_on_database"));
		return new ServerSettings(rs.getString("database"), rs.getString("wal_level"), rs.getInt("max_replication_slots"),
				rs.getInt("slots_in_use"), rs.getInt("max_wal_senders"), rs.getInt("wal_senders_in_use"),
				rs.getInt("max_worker_processes"), rs.getInt("max_logical_replication_workers"),
				Rows.nullableInt(rs, "max_active_replication_origins"), rs.getInt("subscriptions"),
				rs.getInt("enabled_subscriptions"), role);
	}

	/** Whether {@code wal_level} allows logical decoding. */
	public boolean logicalWalLevel() {
		return "logical".equals(this.walLevel);
	}

	/**
	 * What to change when {@code wal_level} is not {@code logical}, or {@code null} when it is.
	 * @param server what the server is to the user, e.g. {@code publisher}
	 */
	public @Nullable String walLevelProblem(String server) {
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
