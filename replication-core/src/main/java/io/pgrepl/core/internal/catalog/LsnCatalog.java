package io.pgrepl.core.internal.catalog;

import java.util.Optional;

import io.pgrepl.core.internal.jdbc.PgSession;

/**
 * WAL positions: the publisher's current one, and whether a subscription's slot has confirmed a
 * position. {@code confirmed_flush_lsn} moves when the subscriber reports a transaction applied and
 * flushed, and when idle, when it answers the walsender's keepalive: so it reaches the current
 * position even when the last WAL written was not for this subscription.
 */
public final class LsnCatalog {

	private LsnCatalog() {
	}

	/**
	 * {@code pg_current_wal_insert_lsn()}, as text: past the end of every transaction committed so far.
	 * Not {@code pg_current_wal_lsn()}, the write position: with {@code synchronous_commit = off} a
	 * transaction is visible before its commit record is written, so that position can lie before it.
	 */
	public static String current(PgSession publisher) {
		return publisher.queryOne("select pg_current_wal_insert_lsn()::text", (rs) -> rs.getString(1)).orElseThrow();
	}

	/**
	 * Whether the subscriber has applied a remote transaction that ends at or past the position: its
	 * replication origin ({@code pg_<subscription oid>}) has. Ahead of {@code confirmed_flush_lsn},
	 * which waits for the local flush and the next feedback message; but when the last WAL the
	 * publisher wrote was not for this subscription, no applied transaction reaches the position, so
	 * it answers only while changes flow. {@code false} for a role that may not read origins.
	 */
	public static boolean applied(PgSession subscriber, String subscription, String lsn) {
		return subscriber.queryOne("""
				select case when has_function_privilege('pg_replication_origin_progress(text, boolean)', 'execute')
				            then coalesce(pg_replication_origin_progress('pg_' || s.oid, false) >= ?::pg_lsn, false)
				            else false end
				from pg_subscription s
				where s.subname = ? and s.subdbid = (select oid from pg_database where datname = current_database())""",
				(rs) -> rs.getBoolean(1), lsn, subscription).orElse(false);
	}

	/**
	 * Whether the slot has confirmed the position; empty when the slot does not exist.
	 */
	public static Optional<Boolean> confirmed(PgSession publisher, String slotName, String lsn) {
		return publisher.queryOne("""
				select coalesce(confirmed_flush_lsn >= ?::pg_lsn, false) from pg_replication_slots
				where slot_name = ?""", (rs) -> rs.getBoolean(1), lsn, slotName);
	}

}
