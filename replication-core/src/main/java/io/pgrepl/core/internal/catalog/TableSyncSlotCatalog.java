package io.pgrepl.core.internal.catalog;

import java.util.List;
import java.util.Set;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.TableName;

/**
 * Reads what tells a table whose table-sync slot is gone: on the subscriber, the tables whose copy
 * is done ({@code f}) that no sync worker serves, with the object ids their slot is named after;
 * on the publisher, the table-sync slots that exist. PostgreSQL names such a slot
 * {@code pg_<subscription oid>_sync_<table oid>_<subscriber's system identifier>}.
 */
public final class TableSyncSlotCatalog {

	private TableSyncSlotCatalog() {
	}

	/** The tables of the named subscriptions whose copy is done and that no sync worker serves now. */
	public static List<Unserved> unservedFinishedCopies(PgSession subscriber, List<String> subscriptions) {
		String[] names = subscriptions.toArray(String[]::new);
		return subscriber.query("""
				select s.subname, s.oid::bigint as subid, r.srrelid::bigint as relid, n.nspname, c.relname
				from pg_subscription_rel r
				join pg_subscription s on s.oid = r.srsubid
				join pg_class c on c.oid = r.srrelid
				join pg_namespace n on n.oid = c.relnamespace
				where r.srsubstate = 'f'
				  and s.subdbid = (select oid from pg_database where datname = current_database())
				  and s.subname = any(?::text[])
				  and not exists (select 1 from pg_stat_subscription w
				                  where w.subid = r.srsubid and w.relid = r.srrelid and w.pid is not null)
				order by s.subname, n.nspname, c.relname""",
				(rs) -> new Unserved(rs.getString("subname"), rs.getLong("subid"), rs.getLong("relid"),
						new TableName(rs.getString("nspname"), rs.getString("relname"))),
				(Object) names);
	}

	/** The names of the table-sync slots of the publisher's cluster (slot names are unique in it). */
	public static Set<String> tableSyncSlots(PgSession publisher) {
		return Set.copyOf(publisher.query(
				"select slot_name from pg_replication_slots where slot_name ~ '^pg_[0-9]+_sync_[0-9]+_[0-9]+$'",
				(rs) -> rs.getString("slot_name")));
	}

	/**
	 * A table whose copy is done and that no sync worker serves.
	 *
	 * @param subscription the subscription
	 * @param subscriptionOid its oid, in its table-sync slots' names
	 * @param tableOid the table's oid on the subscriber, in its table-sync slot's name
	 * @param table the table on the subscriber
	 */
	public record Unserved(String subscription, long subscriptionOid, long tableOid, TableName table) {

		/** The name of its table-sync slot up to the subscriber's system identifier. */
		public String slotPrefix() {
			return "pg_" + this.subscriptionOid + "_sync_" + this.tableOid + "_";
		}

		/** Whether one of these slot names is its table-sync slot. */
		public boolean hasSlotAmong(Set<String> slots) {
			return slots.stream().anyMatch((slot) -> slot.startsWith(slotPrefix()));
		}

	}

}
