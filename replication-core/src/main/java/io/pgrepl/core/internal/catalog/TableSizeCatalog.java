package io.pgrepl.core.internal.catalog;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.TableName;
import org.jspecify.annotations.Nullable;

/**
 * Reads the size of tables on the publisher ({@code pg_table_size}: heap and TOAST, no indexes, as
 * a copy sends no index), in one query for any number of tables. The estimate of what an initial
 * copy transfers: the copy stream is COPY text, not pages, so the two differ (free space, headers
 * and dead rows count on disk, text formatting in the stream). A table that does not exist has no
 * size. The size functions need no privilege on the table.
 */
public final class TableSizeCatalog {

	private TableSizeCatalog() {
	}

	/** The size of each table that exists, by name. */
	public static Map<TableName, Long> read(PgSession session, Collection<TableName> tables) {
		String[] schemas = tables.stream().map(TableName::schema).toArray(String[]::new);
		String[] names = tables.stream().map(TableName::name).toArray(String[]::new);
		Map<TableName, Long> sizes = new LinkedHashMap<>();
		session.query("""
				select t.schema, t.name, pg_table_size(to_regclass(format('%I.%I', t.schema, t.name))) as size
				from unnest(?::text[], ?::text[]) as t(schema, name)""",
				(rs) -> new Size(new TableName(rs.getString("schema"), rs.getString("name")),
						Rows.nullableLong(rs, "size")),
				schemas, names)
			.stream()
			.filter((size) -> size.bytes() != null)
			.forEach((size) -> sizes.put(size.table(), size.bytes()));
		return sizes;
	}

	private record Size(TableName table, @Nullable Long bytes) {

	}

}
