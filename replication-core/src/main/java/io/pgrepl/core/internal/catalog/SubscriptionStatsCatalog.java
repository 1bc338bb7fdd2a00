package io.pgrepl.core.internal.catalog;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Feature;
import io.pgrepl.core.model.PgVersion;
import io.pgrepl.core.status.ConflictCounts;
import io.pgrepl.core.status.SubscriptionStats;
import org.jspecify.annotations.Nullable;

/**
 * Reads subscriptions with their apply workers and counters in one query, however many. Columns the server's
 * version lacks read as NULL: the error counters before 15, the conflict counters before 18.
 */
public final class SubscriptionStatsCatalog {

	private SubscriptionStatsCatalog() {
	}

	public static Optional<SubscriptionStats> read(PgSession session, String name) {
		return read(session, List.of(name)).stream().findFirst();
	}

	/** Those of these subscriptions of the current database that exist, sorted by name. */
	public static List<SubscriptionStats> read(PgSession session, List<String> names) {
		PgVersion version = session.version();
		boolean stats = version.supports(Feature.SUBSCRIPTION_STATS);
		boolean conflicts = version.supports(Feature.CONFLICT_COUNTERS);
		// The apply worker is the row without relid; on 16+ parallel apply workers have no relid
		// either, but a leader_pid. Without a worker the view still has one row, with pid NULL.
		String sql = """
				select s.oid, s.subname, s.subenabled, s.subslotname,
				       w.pid, w.received_lsn::text as received_lsn, w.latest_end_lsn::text as latest_end_lsn,
				       w.last_msg_send_time, w.last_msg_receipt_time, w.latest_end_time,
				       %s as apply_error_count, %s as sync_error_count, %s as stats_reset,
				       %s as conflicts
				from pg_subscription s
				left join pg_stat_subscription w on w.subid = s.oid and w.relid is null and w.pid is not null%s
				%s
				where s.subdbid = (select oid from pg_database where datname = current_database())
				  and s.subname = any(?::text[])
				order by s.subname""".formatted(stats ? "st.apply_error_count" : "null::bigint",
				stats ? "st.sync_error_count" : "null::bigint", stats ? "st.stats_reset" : "null::timestamptz",
				conflicts ? """
						array[st.confl_insert_exists, st.confl_update_origin_differs, st.confl_update_exists,
						      st.confl_update_missing, st.confl_delete_origin_differs, st.confl_delete_missing,
						      st.confl_multiple_unique_conflicts]""" : "null::bigint[]",
				version.isAtLeast(16) ? " and w.leader_pid is null" : "",
				stats ? "left join pg_stat_subscription_stats st on st.subid = s.oid" : "");
		return session.query(sql, SubscriptionStatsCatalog::map, (Object) names.toArray(String[]::new));
	}

	private static SubscriptionStats map(ResultSet rs) throws SQLException {
		return new SubscriptionStats(rs.getLong("oid"), rs.getString("subname"), rs.getBoolean("subenabled"),
				rs.getString("subslotname"), Rows.nullableInt(rs, "pid"), rs.getString("received_lsn"),
				rs.getString("latest_end_lsn"), Rows.instant(rs, "last_msg_send_time"),
				Rows.instant(rs, "last_msg_receipt_time"), Rows.instant(rs, "latest_end_time"),
				Rows.nullableLong(rs, "apply_error_count"), Rows.nullableLong(rs, "sync_error_count"), conflicts(rs),
				Rows.instant(rs, "stats_reset"));
	}

	private static @Nullable ConflictCounts conflicts(ResultSet rs) throws SQLException {
		Array array = rs.getArray("conflicts");
		if (array == null) {
			return null;
		}
		Long[] counts = (Long[]) array.getArray();
		return new ConflictCounts(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6]);
	}

}
