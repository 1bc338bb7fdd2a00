package io.pgrepl.core.internal.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Feature;
import io.pgrepl.core.model.PgVersion;
import io.pgrepl.core.status.SlotStatus;
import org.jspecify.annotations.Nullable;

/**
 * Reads logical slots with their walsenders in one query, whatever their number. Byte distances
 * are computed by the server against one reading of the current LSN, so they agree with each
 * other; on a standby (logical decoding on a standby, 16+) the replay LSN stands in for it. A lost
 * slot retains nothing, whatever {@code restart_lsn} still says (17 keeps it).
 */
public final class SlotCatalog {

	private SlotCatalog() {
	}

	/**
	 * The logical slots of the current database, or with names given, those slots in any database
	 * (slot names are unique in the cluster), sorted by name.
	 */
	public static List<SlotStatus> read(PgSession session, List<String> slotNames) {
		PgVersion version = session.version();
		boolean since17 = version.supports(Feature.SLOT_INACTIVE_SINCE);
		String sql = """
				select s.slot_name, s.active, s.active_pid, s.temporary,
				       s.slot_name ~ '^pg_[0-9]+_sync_[0-9]+_[0-9]+$' as table_sync,
				       s.wal_status, s.safe_wal_size,
				       case when s.wal_status is distinct from 'lost'
				            then greatest(pg_wal_lsn_diff(cur.lsn, s.restart_lsn), 0)::bigint end as retained_bytes,
				       greatest(pg_wal_lsn_diff(cur.lsn, s.confirmed_flush_lsn), 0)::bigint as lag_bytes,
				       %s as inactive_since, %s as invalidation_reason,
				       r.pid is not null and r.state is not null as walsender_visible, r.application_name,
				       coalesce(r.state = 'streaming' and r.replay_lsn >= r.sent_lsn
				                and pg_wal_lsn_diff(cur.lsn, r.sent_lsn) <= pg_size_bytes(current_setting('wal_segment_size')),
				                false) as walsender_caught_up,
				       (extract(epoch from r.write_lag) * 1000000)::bigint as write_lag,
				       (extract(epoch from r.flush_lag) * 1000000)::bigint as flush_lag,
				       (extract(epoch from r.replay_lag) * 1000000)::bigint as replay_lag
				from (select case when pg_is_in_recovery() then pg_last_wal_replay_lsn()
				                  else pg_current_wal_lsn() end as lsn) cur
				join pg_replication_slots s on s.slot_type = 'logical'
				 and case when cardinality(?::text[]) = 0 then s.database = current_database()
				          else s.slot_name = any(?::text[]) end
				left join pg_stat_replication r on r.pid = s.active_pid
				order by s.slot_name""".formatted(since17 ? "s.inactive_since" : "null::timestamptz",
				since17 ? "s.invalidation_reason" : "null::text");
		String[] names = slotNames.toArray(String[]::new);
		return session.query(sql, SlotCatalog::map, names, names);
	}

	private static SlotStatus map(ResultSet rs) throws SQLException {
		boolean visible = rs.getBoolean("active") && rs.getBoolean("walsender_visible");
		boolean caughtUp = visible && rs.getBoolean("walsender_caught_up");
		Long lagBytes = Rows.nullableLong(rs, "lag_bytes");
		return new SlotStatus(rs.getString("slot_name"), rs.getBoolean("active"), Rows.nullableInt(rs, "active_pid"),
				rs.getBoolean("temporary"), rs.getBoolean("table_sync"), rs.getString("wal_status"),
				Rows.nullableLong(rs, "safe_wal_size"), Rows.nullableLong(rs, "retained_bytes"), lagBytes,
				Rows.instant(rs, "inactive_since"), rs.getString("invalidation_reason"),
				rs.getString("application_name"), lag(Rows.micros(rs, "write_lag"), visible, caughtUp, lagBytes),
				lag(Rows.micros(rs, "flush_lag"), visible, caughtUp, lagBytes),
				lag(Rows.micros(rs, "replay_lag"), visible, caughtUp, lagBytes));
	}

	/**
	 * What a walsender's time lag means. PostgreSQL shows NULL both once the subscriber is caught
	 * up (it forgets the times after two replies in a row report everything it was sent applied,
	 * which between a steady trickle of commits is most of the time) and before the walsender's
	 * first reply after a (re)connect, however large the backlog. The walsender's positions tell
	 * them apart: caught up means it streams (it has read to the end of WAL once since it
	 * connected), the subscriber has reported everything it was sent, and what it has read is
	 * within one WAL segment of the end, so the lag is zero though the last commits may not be
	 * confirmed flushed yet. With nothing unconfirmed nothing is late either, whether or not a
	 * walsender's details can be read (a role without {@code pg_read_all_stats} sees none). Else,
	 * with WAL waiting and no measurement, the lag is unknown and the byte thresholds judge.
	 * @param measured the walsender's lag, or {@code null}
	 * @param visible whether a walsender serves the slot and its details could be read
	 * @param caughtUp whether that walsender streams, has read to within one WAL segment of the
	 * end, and the subscriber has reported everything it was sent
	 * @param lagBytes WAL the subscriber has not confirmed, or {@code null}
	 */
	static @Nullable Duration lag(@Nullable Duration measured, boolean visible, boolean caughtUp,
			@Nullable Long lagBytes) {
		if (visible && measured != null) {
			return measured;
		}
		if (visible && caughtUp) {
			return Duration.ZERO;
		}
		return (lagBytes != null && lagBytes == 0) ? Duration.ZERO : null;
	}

}
