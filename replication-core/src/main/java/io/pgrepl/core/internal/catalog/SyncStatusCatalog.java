package io.pgrepl.core.internal.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.status.SyncState;
import io.pgrepl.core.status.TableSyncStatus;

/**
 * Reads the tables of subscriptions with their sync states ({@code pg_subscription_rel}) and the
 * table-sync workers serving them ({@code pg_stat_subscription} rows with a {@code relid}) with the
 * progress of the copy each runs ({@code pg_stat_progress_copy}, 14+), in one query for any number
 * of tables.
 */
public final class SyncStatusCatalog {

	private SyncStatusCatalog() {
	}

	/**
	 * Tables of the named subscriptions of this database (all of them, when none are named), sorted
	 * by subscription, schema and table.
	 */
	public static List<TableSyncStatus> read(PgSession session, List<String> subscriptions) {
		String[] names = subscriptions.toArray(String[]::new);
		return session.query("""
				with sync_workers as (
				  select subid, relid, min(pid) as pid from pg_stat_subscription
				  where relid is not null and pid is not null group by subid, relid)
				select s.subname, n.nspname, c.relname, r.srsubstate::text as state, r.srsublsn::text as lsn, w.pid,
				       p.bytes_processed, p.tuples_processed
				from pg_subscription_rel r
				join pg_subscription s on s.oid = r.srsubid
				join pg_class c on c.oid = r.srrelid
				join pg_namespace n on n.oid = c.relnamespace
				left join sync_workers w on w.subid = r.srsubid and w.relid = r.srrelid
				left join pg_stat_progress_copy p on p.pid = w.pid and p.relid = r.srrelid
				where s.subdbid = (select oid from pg_database where datname = current_database())
				  and (cardinality(?::text[]) = 0 or s.subname = any(?::text[]))
				order by s.subname, n.nspname, c.relname""", SyncStatusCatalog::map, names, names);
	}

	private static TableSyncStatus map(ResultSet rs) throws SQLException {
		return new TableSyncStatus(rs.getString("subname"), rs.getString("nspname"), rs.getString("relname"),
				SyncState.fromCode(rs.getString("state").charAt(0)), rs.getString("lsn"), Rows.nullableInt(rs, "pid"),
				Rows.nullableLong(rs, "bytes_processed"), Rows.nullableLong(rs, "tuples_processed"));
	}

}
