package io.pgrepl.core.internal.catalog;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Feature;
import io.pgrepl.core.model.Operation;
import io.pgrepl.core.model.PublicationTable;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.PublicationInfo;

/**
 * Reads publications back from {@code pg_publication}, {@code pg_publication_rel} and (15+)
 * {@code pg_publication_namespace}, in one query for any number of publications, and on 15+ a
 * second one for row filters and column lists. Not from {@code pg_publication_tables}, which
 * expands partitions and schemas and so cannot say what was actually declared.
 */
public final class PublicationCatalog {

	private PublicationCatalog() {
	}

	/**
	 * The named publications that exist, sorted by name; with an empty list, every publication.
	 */
	public static List<PublicationInfo> read(PgSession session, List<String> names) {
		String schemas = session.version().supports(Feature.TABLES_IN_SCHEMA) ? """
				array(select n.nspname from pg_publication_namespace pn join pg_namespace n on n.oid = pn.pnnspid
				      where pn.pnpubid = p.oid order by n.nspname)""" : "'{}'::text[]";
		String sql = """
				select p.pubname, pg_get_userbyid(p.pubowner) as owner, p.puballtables,
				       p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate, p.pubviaroot,
				       array(select n.nspname from pg_publication_rel r join pg_class c on c.oid = r.prrelid
				             join pg_namespace n on n.oid = c.relnamespace where r.prpubid = p.oid
				             order by n.nspname, c.relname) as table_schemas,
				       array(select c.relname from pg_publication_rel r join pg_class c on c.oid = r.prrelid
				             join pg_namespace n on n.oid = c.relnamespace where r.prpubid = p.oid
				             order by n.nspname, c.relname) as table_names,
				       %s as schemas
				from pg_publication p
				where cardinality(?::text[]) = 0 or p.pubname = any(?::text[])
				order by p.pubname""".formatted(schemas);
		String[] wanted = names.toArray(String[]::new);
		List<PublicationInfo> publications = session.query(sql, PublicationCatalog::map, wanted, wanted);
		if (publications.isEmpty() || !session.version().supports(Feature.ROW_FILTER)) {
			return publications;
		}
		Map<String, Map<TableName, PublicationTable>> restricted = restrictedTables(session,
				publications.stream().map(PublicationInfo::name).toArray(String[]::new));
		return publications.stream().map((publication) -> withRestrictions(publication, restricted)).toList();
	}

	/** Which of the named publications exist, sorted by name: names only. */
	public static List<String> existing(PgSession session, List<String> names) {
		if (names.isEmpty()) {
			return List.of();
		}
		return session.query("select pubname from pg_publication where pubname = any(?::text[]) order by pubname",
				(rs) -> rs.getString(1), (Object) names.toArray(String[]::new));
	}

	/**
	 * Row filters ({@code prqual}, deparsed for its table) and column lists ({@code prattrs}, as
	 * names in column order) of the tables that have either, by publication (PostgreSQL 15+).
	 */
	private static Map<String, Map<TableName, PublicationTable>> restrictedTables(PgSession session,
			String[] publications) {
		Map<String, Map<TableName, PublicationTable>> restricted = new HashMap<>();
		session.query("""
				select p.pubname, n.nspname, c.relname, pg_get_expr(r.prqual, r.prrelid) as row_filter,
				       array(select a.attname from pg_attribute a
				             where a.attrelid = r.prrelid and a.attnum = any(r.prattrs::int2[]) order by a.attnum) as columns
				from pg_publication_rel r
				join pg_publication p on p.oid = r.prpubid
				join pg_class c on c.oid = r.prrelid
				join pg_namespace n on n.oid = c.relnamespace
				where p.pubname = any(?::text[]) and (r.prqual is not null or r.prattrs is not null)""", (rs) -> {
			TableName table = new TableName(rs.getString("nspname"), rs.getString("relname"));
			PublicationTable entry = new PublicationTable(table, rs.getString("row_filter"),
					Arrays.asList(strings(rs.getArray("columns"))));
			restricted.computeIfAbsent(rs.getString("pubname"), (key) -> new HashMap<>()).put(table, entry);
			return entry;
		}, (Object) publications);
		return restricted;
	}

	/**
	 * The columns each published table sends, where a column list narrows them: the subscriber's
	 * view ({@code pg_publication_tables.attnames}, partitions and schemas expanded, several
	 * publications merged). Tables that send every column are left out; empty before 15.
	 */
	public static Map<TableName, Set<String>> publishedColumns(PgSession session, List<String> publications) {
		if (publications.isEmpty() || !session.version().supports(Feature.COLUMN_LIST)) {
			return Map.of();
		}
		Map<TableName, Set<String>> columns = new HashMap<>();
		Set<TableName> whole = new HashSet<>();
		session.query("""
				select pt.schemaname, pt.tablename, pt.attnames,
				       pt.attnames is null or cardinality(pt.attnames) >= (select count(*) from pg_attribute a
				           where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = '') as whole
				from pg_publication_tables pt
				join pg_namespace n on n.nspname = pt.schemaname
				join pg_class c on c.relnamespace = n.oid and c.relname = pt.tablename
				where pt.pubname = any(?::text[])""", (rs) -> {
			TableName table = new TableName(rs.getString(1), rs.getString(2));
			if (rs.getBoolean("whole")) {
				whole.add(table);
			}
			return columns.computeIfAbsent(table, (key) -> new HashSet<>()).addAll(Arrays.asList(strings(rs.getArray(3))));
		}, (Object) publications.toArray(String[]::new));
		// 15 leaves attnames null without a column list, 16+ lists the columns but not the generated
		// ones; and a table another publication sends whole is received whole
		whole.forEach(columns::remove);
		return columns;
	}

	private static PublicationInfo withRestrictions(PublicationInfo publication,
			Map<String, Map<TableName, PublicationTable>> restricted) {
		Map<TableName, PublicationTable> tables = restricted.get(publication.name());
		if (tables == null) {
			return publication;
		}
		return new PublicationInfo(publication.name(), publication.owner(), publication.allTables(),
				publication.operations(), publication.publishViaPartitionRoot(),
				publication.tables().stream().map((table) -> tables.getOrDefault(table.table(), table)).toList(),
				publication.schemas());
	}

	private static PublicationInfo map(ResultSet rs) throws SQLException {
		Set<Operation> operations = EnumSet.noneOf(Operation.class);
		addIf(operations, rs.getBoolean("pubinsert"), Operation.INSERT);
		addIf(operations, rs.getBoolean("pubupdate"), Operation.UPDATE);
		addIf(operations, rs.getBoolean("pubdelete"), Operation.DELETE);
		addIf(operations, rs.getBoolean("pubtruncate"), Operation.TRUNCATE);
		String[] tableSchemas = strings(rs.getArray("table_schemas"));
		String[] tableNames = strings(rs.getArray("table_names"));
		List<PublicationTable> tables = new ArrayList<>();
		for (int i = 0; i < tableNames.length; i++) {
			tables.add(PublicationTable.of(new TableName(tableSchemas[i], tableNames[i])));
		}
		return new PublicationInfo(rs.getString("pubname"), rs.getString("owner"), rs.getBoolean("puballtables"),
				operations, rs.getBoolean("pubviaroot"), tables, Arrays.asList(strings(rs.getArray("schemas"))));
	}

	private static void addIf(Set<Operation> operations, boolean present, Operation operation) {
		if (present) {
			operations.add(operation);
		}
	}

	static String[] strings(Array array) throws SQLException {
		return (array != null) ? (String[]) array.getArray() : new String[0];
	}

}
