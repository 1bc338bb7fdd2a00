package io.pgrepl.core.internal.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.status.ServerSettings;
import org.jspecify.annotations.Nullable;

/** Reads {@link ServerSettings} in one query. */
public final class ServerSettingsCatalog {

	private ServerSettingsCatalog() {
	}

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
				left join pg_roles r on r.rolname = coalesce(?::text, current_user::text)""", ServerSettingsCatalog::map,
				roleName, roleName)
			.orElseThrow();
	}

	private static ServerSettings map(ResultSet rs) throws SQLException {
		boolean exists = rs.getBoolean("role_exists");
		Boolean createSubscription = rs.getBoolean("create_subscription");
		if (rs.wasNull()) {
			createSubscription = null;
		}
		ServerSettings.Role role = new ServerSettings.Role(rs.getString("role_name"), exists, rs.getBoolean("superuser"),
				rs.getBoolean("replication"), createSubscription, rs.getBoolean("create_on_database"));
		return new ServerSettings(rs.getString("database"), rs.getString("wal_level"), rs.getInt("max_replication_slots"),
				rs.getInt("slots_in_use"), rs.getInt("max_wal_senders"), rs.getInt("wal_senders_in_use"),
				rs.getInt("max_worker_processes"), rs.getInt("max_logical_replication_workers"),
				Rows.nullableInt(rs, "max_active_replication_origins"), rs.getInt("subscriptions"),
				rs.getInt("enabled_subscriptions"), role);
	}

	/** The subscriber's {@code max_sync_workers_per_subscription}: table copies one subscription runs at once. */
	public static int maxSyncWorkersPerSubscription(PgSession session) {
		return session.queryOne("select current_setting('max_sync_workers_per_subscription')::int", (rs) -> rs.getInt(1))
			.orElse(2);
	}

}
