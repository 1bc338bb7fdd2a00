package io.pgrepl.core.internal.catalog;

import java.sql.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.PublishedTable;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a set of publications publishes, table by table, with row filters and column lists
 * (PostgreSQL 15+), in one query. {@code pg_publication_tables} is right for this question: it
 * expands {@code FOR ALL TABLES}, {@code TABLES IN SCHEMA} and partitions as the subscriber sees
 * them, and from 15 it carries each publication's {@code rowfilter} and {@code attnames} (all
 * columns when the publication has no column list).
 */
public final class PublishedTableCatalog {

	private PublishedTableCatalog() {
	}

	/** The tables the publications publish, sorted by name. */
	public static List<PublishedTable> read(PgSession session, List<String> publications) {
		boolean since15 = session.version().isAtLeast(15);
		String sql = """
				select schemaname, tablename, %s as rowfilter, %s as attnames
				from pg_publication_tables where pubname = any(?::text[])
				order by schemaname, tablename, pubname""".formatted(since15 ? "rowfilter" : "null::text",
				since15 ? "attnames::text[]" : "null::text[]");
		Map<TableName, Combined> tables = new LinkedHashMap<>();
		session.query(sql, (rs) -> {
			TableName table = new TableName(rs.getString("schemaname"), rs.getString("tablename"));
			Array names = rs.getArray("attnames");
			tables.computeIfAbsent(table, (key) -> new Combined())
				.add(rs.getString("rowfilter"), (names != null) ? List.of((String[]) names.getArray()) : null);
			return null;
		}, (Object) publications.toArray(String[]::new));
		List<PublishedTable> published = new ArrayList<>();
		tables.forEach((table, combined) -> published.add(combined.toPublishedTable(table)));
		return published;
	}

	/**
	 * Which of the publications publish each table, tables in the server's order of names: names
	 * only, one query for any number of publications. The tables are those of
	 * {@code pg_publication_tables} (partitions and {@code TABLES IN SCHEMA} expanded), read from the
	 * function behind it.
	 */
	public static Map<TableName, Set<String>> publicationsByTable(PgSession session, List<String> publications) {
		Map<TableName, Set<String>> tables = new LinkedHashMap<>();
		if (publications.isEmpty()) {
			return tables;
		}
		// pg_publication_tables with neither its column names nor its row filter, each computed per table
		session.query("""
				select n.nspname, c.relname, p.pubname
				from pg_publication p, lateral pg_get_publication_tables(p.pubname) gpt
				join pg_class c on c.oid = gpt.relid
				join pg_namespace n on n.oid = c.relnamespace
				where p.pubname = any(?::text[]) order by n.nspname, c.relname""", (rs) -> tables
			.computeIfAbsent(new TableName(rs.getString(1), rs.getString(2)), (key) -> new LinkedHashSet<>())
			.add(rs.getString(3)), (Object) publications.toArray(String[]::new));
		return tables;
	}

	/**
	 * The columns each of the publications sends of each table, in the table's order, in one query
	 * for any number of publications and tables: a column list's columns (15+), else every column
	 * but the generated ones (which 18 sends only with {@code publish_generated_columns}, and then
	 * lists in {@code attnames}). These are the columns the subscriber's table must have.
	 */
	public static Map<String, Map<TableName, List<String>>> columnsByPublication(PgSession session,
			List<String> publications) {
		Map<String, Map<TableName, List<String>>> columns = new LinkedHashMap<>();
		if (publications.isEmpty()) {
			return columns;
		}
		// 15 leaves attnames null without a column list; 14 has no attnames
		String sql = """
				select pt.pubname, pt.schemaname, pt.tablename,
				       coalesce(%s, array(select a.attname::text from pg_attribute a
				         where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
				         order by a.attnum)) as columns
				from pg_publication_tables pt
				join pg_namespace n on n.nspname = pt.schemaname
				join pg_class c on c.relnamespace = n.oid and c.relname = pt.tablename
				where pt.pubname = any(?::text[])
				order by pt.pubname, pt.schemaname, pt.tablename""".formatted(
				session.version().isAtLeast(15) ? "pt.attnames::text[]" : "null::text[]");
		session.query(sql, (rs) -> columns.computeIfAbsent(rs.getString("pubname"), (key) -> new LinkedHashMap<>())
			.put(new TableName(rs.getString("schemaname"), rs.getString("tablename")), Rows.strings(rs, "columns")),
				(Object) publications.toArray(String[]::new));
		return columns;
	}

	/** The publications of one table, ORed: one without a filter publishes every row. */
	private static final class Combined {

		private final List<String> filters = new ArrayList<>();

		private boolean unfiltered;

		private final Set<String> columns = new LinkedHashSet<>();

		private boolean allColumns;

		void add(@Nullable String rowFilter, @Nullable List<String> columns) {
			if (rowFilter == null) {
				this.unfiltered = true;
			}
			else {
				this.filters.add(rowFilter);
			}
			if (columns == null) {
				this.allColumns = true;
			}
			else {
				this.columns.addAll(columns);
			}
		}

		PublishedTable toPublishedTable(TableName table) {
			String rowFilter = (this.filters.size() == 1) ? this.filters.get(0)
					: this.filters.stream().map((filter) -> "(" + filter + ")").collect(Collectors.joining(" or "));
			return new PublishedTable(table, this.unfiltered ? null : rowFilter,
					this.allColumns ? null : List.copyOf(this.columns));
		}

	}

}
