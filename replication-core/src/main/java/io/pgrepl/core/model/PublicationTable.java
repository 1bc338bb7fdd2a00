package io.pgrepl.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A table of a publication, with what of it is published: the rows a row filter keeps and the
 * columns a column list names (both PostgreSQL 15+). Without either, every row and column.
 *
 * <pre>{@code
 * PublicationTable.of("orders").where("region = 'eu'").withColumns("id", "region", "total")
 * }</pre>
 *
 * @param table the table
 * @param rowFilter the {@code WHERE} expression, as written (a declaration) or as PostgreSQL
 * deparses it ({@code pg_get_expr}, when read back), or {@code null} for every row
 * @param columns the column list, or empty for every column (PostgreSQL has no empty column list)
 */
public record PublicationTable(TableName table, @Nullable String rowFilter, List<String> columns) {

	public PublicationTable {
		Objects.requireNonNull(table, "table");
		if (rowFilter != null && rowFilter.isBlank()) {
			rowFilter = null;
		}
		if (rowFilter != null) {
			requireOneExpression(rowFilter, table);
		}
		columns = List.copyOf(columns);
		Set<String> seen = new HashSet<>();
		for (String column : columns) {
			Identifiers.requireValid(column, "column of " + table);
			if (!seen.add(column)) {
				throw new ReplicationArgumentException("columns",
						"Column " + column + " is listed twice in the column list of " + table);
			}
		}
	}

	/** Every row and column of a table given as a name, a class or a {@link TableName}. */
	public static PublicationTable of(Object table) {
		if (table instanceof PublicationTable publicationTable) {
			return publicationTable;
		}
		return new PublicationTable(TableName.of(table), null, List.of());
	}

	/**
	 * Tables from names, classes, {@link TableName}s or {@link PublicationTable}s, in order. A table
	 * given twice the same way counts once; twice with different filters or columns is refused.
	 */
	public static List<PublicationTable> allOf(Iterable<?> tables) {
		List<PublicationTable> result = new ArrayList<>();
		int index = 0;
		for (Object table : tables) {
			PublicationTable entry;
			try {
				entry = of(table);
			}
			catch (ReplicationArgumentException ex) {
				throw new ReplicationArgumentException("tables[" + index + "]", "tables[" + index + "]: " + ex.getMessage());
			}
			PublicationTable previous = result.stream().filter((t) -> t.table().equals(entry.table())).findFirst().orElse(null);
			if (previous == null) {
				result.add(entry);
			}
			else if (!previous.equals(entry)) {
				throw new ReplicationArgumentException("tables[" + index + "]", "tables[" + index + "]: table "
						+ entry.table() + " is listed twice, with different row filters or column lists");
			}
			index++;
		}
		return List.copyOf(result);
	}

	/** This table, publishing only the rows for which {@code expression} is true. */
	public PublicationTable where(@Nullable String expression) {
		return new PublicationTable(this.table, expression, this.columns);
	}

	/** This table, publishing only these columns. */
	public PublicationTable withColumns(String... columns) {
		return withColumns(Arrays.asList(columns));
	}

	public PublicationTable withColumns(List<String> columns) {
		return new PublicationTable(this.table, this.rowFilter, columns);
	}

	/** Whether only some rows or columns are published. */
	public boolean isRestricted() {
		return this.rowFilter != null || !this.columns.isEmpty();
	}

	/** The table in {@code FOR TABLE} / {@code ADD TABLE}: {@code "s"."t" ("a", "b") WHERE (expr)}. */
	public String sql() {
		StringBuilder sql = new StringBuilder(this.table.quoted());
		if (!this.columns.isEmpty()) {
			sql.append(" (").append(this.columns.stream().map(Identifiers::quote).collect(Collectors.joining(", "))).append(')');
		}
		if (this.rowFilter != null) {
			sql.append(" WHERE (").append(this.rowFilter).append(')');
		}
		return sql.toString();
	}

	/**
	 * The filter is written into {@code WHERE (...)} as it is: it must be one expression, so that it
	 * can neither close that parenthesis nor end the statement.
	 */
	private static void requireOneExpression(String expression, TableName table) {
		int depth = 0;
		char quote = 0;
		for (int i = 0; i < expression.length(); i++) {
			char c = expression.charAt(i);
			if (quote != 0) {
				if (c == quote) {
					quote = 0;
				}
			}
			else if (c == '\'' || c == '"') {
				quote = c;
			}
			else if (c == '(') {
				depth++;
			}
			else if (c == ')' && --depth < 0) {
				break;
			}
			else if (c == ';' || (c == '-' && expression.startsWith("--", i)) || (c == '/' && expression.startsWith("/*", i))) {
				depth = -1;
				break;
			}
		}
		if (depth != 0 || quote != 0) {
			throw new ReplicationArgumentException("rowFilter", "The row filter of " + table + " is not one expression "
					+ "(unbalanced parentheses or quotes, a ';' or a comment): " + expression);
		}
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder(this.table.toString());
		if (!this.columns.isEmpty()) {
			text.append(" (").append(String.join(", ", this.columns)).append(')');
		}
		if (this.rowFilter != null) {
			text.append(" WHERE ").append(this.rowFilter);
		}
		return text.toString();
	}

}
