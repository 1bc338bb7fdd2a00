package io.pgrepl.core.internal.catalog;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.TableName;

/**
 * Reads the column names of the tables subscriptions replicate into ({@code pg_subscription_rel}),
 * with the publications each subscribes to, in one query for any number of subscriptions and
 * tables: what a drift check compares with the columns the publisher sends.
 */
public final class SubscribedColumnsCatalog {

	private SubscribedColumnsCatalog() {
	}

	/** The tables of those of these subscriptions of the current database that exist, by subscription and name. */
	public static List<SubscribedTable> read(PgSession session, List<String> subscriptions) {
		if (subscriptions.isEmpty()) {
			return List.of();
		}
		return session.query("""
				select s.subname, s.subpublications::text[] as publications, n.nspname, c.relname,
				       array(select a.attname::text from pg_attribute a
				             where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns
				from pg_subscription s
				join pg_subscription_rel r on r.srsubid = s.oid
				join pg_class c on c.oid = r.srrelid
				join pg_namespace n on n.oid = c.relnamespace
				where s.subdbid = (select oid from pg_database where datname = current_database())
				  and s.subname = any(?::text[])
				order by s.subname, n.nspname, c.relname""",
				(rs) -> new SubscribedTable(rs.getString("subname"), Rows.strings(rs, "publications"),
						new TableName(rs.getString("nspname"), rs.getString("relname")),
						new LinkedHashSet<>(Rows.strings(rs, "columns"))),
				(Object) subscriptions.toArray(String[]::new));
	}

	/**
	 * One table a subscription replicates into.
	 *
	 * @param subscription the subscription
	 * @param publications the publications it subscribes to
	 * @param table the table on the subscriber
	 * @param columns the table's column names on the subscriber
	 */
	public record SubscribedTable(String subscription, List<String> publications, TableName table,
			Set<String> columns) {

		public SubscribedTable {
			publications = List.copyOf(publications);
			columns = Set.copyOf(columns);
		}

	}

}
