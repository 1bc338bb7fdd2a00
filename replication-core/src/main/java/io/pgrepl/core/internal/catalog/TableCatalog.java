package io.pgrepl.core.internal.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.ColumnDefinition;
import io.pgrepl.core.model.TableDefinition;
import io.pgrepl.core.model.TableName;

/**
 * Reads table definitions ({@code pg_attribute}, {@code pg_constraint}) in one query for any
 * number of tables, and the tables a set of publications publishes.
 */
public final class TableCatalog {

	private TableCatalog() {
	}

	/** Definitions of those tables that exist, in the order asked. */
	public static List<TableDefinition> read(PgSession session, List<TableName> tables) {
		return read(session, tables, false);
	}

	/**
	 * Definitions of those tables that exist, in the order asked; {@code forCreation} adds each
	 * column's default (unless it calls a function of the user's), identity and collation.
	 */
	static List<TableDefinition> read(PgSession session, List<TableName> tables, boolean forCreation) {
		if (tables.isEmpty()) {
			return List.of();
		}
		String[] schemas = tables.stream().map(TableName::schema).toArray(String[]::new);
		String[] names = tables.stream().map(TableName::name).toArray(String[]::new);
		List<ColumnRow> rows = session.query("""
				select n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod) as type,
				       a.attnotnull, a.attgenerated::text as generated,
				       case when a.attgenerated <> '' then pg_get_expr(d.adbin, d.adrelid) end as generation,
				       case when a.attgenerated = '' and a.attidentity = '' and not exists (
				         select 1 from pg_depend dp join pg_proc p on p.oid = dp.refobjid
				         join pg_namespace pn on pn.oid = p.pronamespace
				         where dp.classid = 'pg_attrdef'::regclass and dp.objid = d.oid
				           and dp.refclassid = 'pg_proc'::regclass and pn.nspname <> 'pg_catalog'
				           and not exists (select 1 from pg_depend ep where ep.classid = 'pg_proc'::regclass
				                           and ep.objid = p.oid and ep.deptype = 'e'))
				         then pg_get_expr(d.adbin, d.adrelid) end as default_expr,
				       a.attidentity::text as identity,
				       case when a.attcollation <> t.typcollation
				         then quote_ident(con.nspname) || '.' || quote_ident(co.collname) end as collation,
				       array_position(pk.conkey, a.attnum) as key_position
				from pg_class c
				join pg_namespace n on n.oid = c.relnamespace
				join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
				left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
				join pg_type t on t.oid = a.atttypid
				left join pg_collation co on co.oid = a.attcollation
				left join pg_namespace con on con.oid = co.collnamespace
				left join pg_constraint pk on pk.conrelid = c.oid and pk.contype = 'p'
				where c.relkind in ('r', 'p')
				  and (n.nspname, c.relname) in (select * from unnest(?::text[], ?::text[]))
				order by n.nspname, c.relname, a.attnum""", (rs) -> mapColumn(rs, forCreation), schemas, names);
		Map<TableName, List<ColumnRow>> byTable = new LinkedHashMap<>();
		for (ColumnRow row : rows) {
			byTable.computeIfAbsent(row.table(), (key) -> new ArrayList<>()).add(row);
		}
		List<TableDefinition> definitions = new ArrayList<>();
		for (TableName table : tables) {
			List<ColumnRow> columns = byTable.get(table);
			if (columns != null) {
				definitions.add(toDefinition(table, columns));
			}
		}
		return definitions;
	}

	/**
	 * Those of the tables that exist, names only: an existence check does not need the columns.
	 */
	public static Set<TableName> existing(PgSession session, List<TableName> tables) {
		if (tables.isEmpty()) {
			return Set.of();
		}
		String[] schemas = tables.stream().map(TableName::schema).toArray(String[]::new);
		String[] names = tables.stream().map(TableName::name).toArray(String[]::new);
		return new HashSet<>(session.query("""
				select t.schema, t.name
				from unnest(?::text[], ?::text[]) as t(schema, name)
				join pg_class c on c.oid = to_regclass(format('%I.%I', t.schema, t.name)) and c.relkind in ('r', 'p')""",
				(rs) -> new TableName(rs.getString(1), rs.getString(2)), schemas, names));
	}

	/**
	 * The column names of those tables that exist (dropped columns left out): what an in-sync check
	 * needs, without the definitions.
	 */
	public static Map<TableName, Set<String>> columnNames(PgSession session, List<TableName> tables) {
		Map<TableName, Set<String>> columns = new HashMap<>();
		if (tables.isEmpty()) {
			return columns;
		}
		String[] schemas = tables.stream().map(TableName::schema).toArray(String[]::new);
		String[] names = tables.stream().map(TableName::name).toArray(String[]::new);
		// each name resolved by to_regclass, so that pg_attribute is read by its index on attrelid
		session.query("""
				select t.schema, t.name, a.attname
				from unnest(?::text[], ?::text[]) as t(schema, name)
				join pg_class c on c.oid = to_regclass(format('%I.%I', t.schema, t.name)) and c.relkind in ('r', 'p')
				join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped""", (rs) -> columns
			.computeIfAbsent(new TableName(rs.getString(1), rs.getString(2)), (key) -> new HashSet<>())
			.add(rs.getString(3)), schemas, names);
		return columns;
	}

	/**
	 * Every table the publications publish, as the subscriber will see them: partitions and
	 * {@code TABLES IN SCHEMA} expanded ({@code pg_publication_tables} is right for this question).
	 */
	public static List<TableName> publishedTables(PgSession session, List<String> publications) {
		return session.query("""
				select distinct schemaname, tablename from pg_publication_tables
				where pubname = any(?::text[]) order by 1, 2""",
				(rs) -> new TableName(rs.getString(1), rs.getString(2)), (Object) publications.toArray(String[]::new));
	}

	/** Which of these schemas exist in the session's database. */
	public static Set<String> existingSchemas(PgSession session, Collection<String> schemas) {
		return new LinkedHashSet<>(session.query("select nspname from pg_namespace where nspname = any(?::text[])",
				(rs) -> rs.getString(1), (Object) schemas.toArray(String[]::new)));
	}

	private static TableDefinition toDefinition(TableName table, List<ColumnRow> rows) {
		List<ColumnDefinition> columns = new ArrayList<>();
		String[] key = new String[rows.size()];
		int keyLength = 0;
		for (ColumnRow row : rows) {
			columns.add(row.column());
			if (row.keyPosition() > 0) {
				key[row.keyPosition() - 1] = row.column().name();
				keyLength = Math.max(keyLength, row.keyPosition());
			}
		}
		List<String> primaryKey = new ArrayList<>();
		for (int i = 0; i < keyLength; i++) {
			primaryKey.add(key[i]);
		}
		return new TableDefinition(table, columns, primaryKey);
	}

	private static ColumnRow mapColumn(ResultSet rs, boolean forCreation) throws SQLException {
		String generated = rs.getString("generated");
		// 's' stored, 'v' virtual (PostgreSQL 18)
		boolean virtual = "v".equals(generated);
		String generation = ("s".equals(generated) || virtual) ? rs.getString("generation") : null;
		ColumnDefinition column = forCreation
				? new ColumnDefinition(rs.getString("attname"), rs.getString("type"), rs.getBoolean("attnotnull"),
						generation, rs.getString("default_expr"), rs.getString("identity"), rs.getString("collation"),
						virtual)
				: new ColumnDefinition(rs.getString("attname"), rs.getString("type"), rs.getBoolean("attnotnull"),
						generation, null, "", null, virtual);
		return new ColumnRow(new TableName(rs.getString("nspname"), rs.getString("relname")), column,
				rs.getInt("key_position"));
	}

	private record ColumnRow(TableName table, ColumnDefinition column, int keyPosition) {
	}

}
