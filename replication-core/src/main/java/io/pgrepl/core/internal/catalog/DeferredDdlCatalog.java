package io.pgrepl.core.internal.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.DeferredObjects;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code pgrepl.deferred_ddl}: the indexes and constraints of tables pgrepl created that are
 * built once their initial copy is done, and whether it is.
 */
public final class DeferredDdlCatalog {

	/** The table the deferred statements are recorded in. */
	public static final String TABLE = "pgrepl.deferred_ddl";

	private DeferredDdlCatalog() {
	}

	/**
	 * The tables of subscription {@code name} whose deferred objects are still to build, as
	 * {@code schema.table}, in one query whether or not the table exists (for health's constant
	 * query budget).
	 */
	public static List<String> pendingTables(PgSession session, String subscription) {
		String tables = session.queryOne("""
				select case when to_regclass('pgrepl.deferred_ddl') is not null then
				  (xpath('//t/text()', query_to_xml(format(
				    'select string_agg(distinct table_schema || %L || table_name, %L) as t from pgrepl.deferred_ddl '
				    || 'where subscription = %L', '.', ',', ?::text), false, true, '')))[1]::text end""",
				(rs) -> rs.getString(1), subscription)
			.orElse(null);
		return (tables != null) ? List.of(tables.split(",")) : List.of();
	}

	/**
	 * The tables of each of these subscriptions still waiting for deferred objects, in one query;
	 * none when pgrepl's table does not exist.
	 */
	public static Map<String, List<String>> pendingTables(PgSession session, List<String> subscriptions) {
		if (subscriptions.isEmpty()) {
			return new HashMap<>();
		}
		return parsePending(session.queryOne("select " + PENDING, (rs) -> rs.getString(1),
				(Object) subscriptions.toArray(String[]::new)).orElse(null));
	}

	/**
	 * {@link #pendingTables(PgSession, List)} as one column of a query, so that health reads it
	 * with other things in one round trip: one parameter, the subscriptions as {@code text[]}.
	 */
	static final String PENDING = """
			case when to_regclass('pgrepl.deferred_ddl') is not null then
			  (xpath('//t/text()', query_to_xml(format(
			    'select string_agg(distinct subscription || %L || table_schema || %L || table_name, %L) as t '
			    || 'from pgrepl.deferred_ddl where subscription = any(%L::text[])', '|', '.', ',', ?::text[]),
			    false, true, '')))[1]::text end""";

	/** The column {@link #PENDING} read, by subscription. */
	static Map<String, List<String>> parsePending(@Nullable String rows) {
		Map<String, List<String>> pending = new HashMap<>();
		if (rows != null) {
			for (String row : rows.split(",")) {
				int bar = row.indexOf('|');
				pending.computeIfAbsent(row.substring(0, bar), (key) -> new ArrayList<>()).add(row.substring(bar + 1));
			}
		}
		return pending;
	}

	/** The pending objects of those subscriptions, by table; none when the table does not exist. */
	public static List<DeferredObjects> read(PgSession session, List<String> subscriptions) {
		if (subscriptions.isEmpty()) {
			return List.of();
		}
		boolean recorded = session.queryOne("select to_regclass('" + TABLE + "') is not null", (rs) -> rs.getBoolean(1))
			.orElse(false);
		if (!recorded) {
			return List.of();
		}
		return session.query("""
				select d.subscription, d.table_schema, d.table_name, d.after_all,
				  array_agg(d.statement order by d.position) as statements,
				  c.oid is not null and not exists (
				    select 1 from pg_subscription s join pg_subscription_rel sr on sr.srsubid = s.oid
				    where s.subname = d.subscription and sr.srsubstate <> 'r'
				      and s.subdbid = (select oid from pg_database where datname = current_database())
				      and (d.after_all or sr.srrelid = c.oid
				           or sr.srrelid in (select relid from pg_partition_tree(c.oid)))) as ready
				from pgrepl.deferred_ddl d
				left join pg_namespace n on n.nspname = d.table_schema
				left join pg_class c on c.relnamespace = n.oid and c.relname = d.table_name
				where d.subscription = any(?::text[])
				group by d.subscription, d.table_schema, d.table_name, d.after_all, c.oid
				order by d.subscription, d.after_all, d.table_schema, d.table_name""",
				(rs) -> new DeferredObjects(rs.getString("subscription"),
						new TableName(rs.getString("table_schema"), rs.getString("table_name")), rs.getBoolean("after_all"),
						Rows.strings(rs, "statements"), rs.getBoolean("ready")),
				(Object) subscriptions.toArray(String[]::new));
	}

}
