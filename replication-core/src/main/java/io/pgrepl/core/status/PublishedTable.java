package io.pgrepl.core.status;

import java.util.List;

import io.pgrepl.core.model.TableName;
import org.jspecify.annotations.Nullable;

/**
 * A table as a set of publications publishes it to a subscriber: which rows and which columns.
 *
 * @param table the table
 * @param rowFilter the rows published, a boolean expression on its columns: the row filters of the
 * publications ORed, as PostgreSQL combines them; {@code null} when every row is published (any
 * publication without a filter, and always before PostgreSQL 15)
 * @param columns the columns published, in the table's order: the union of the publications' column
 * lists; {@code null} when all are (always before PostgreSQL 15)
 */
public record PublishedTable(TableName table, @Nullable String rowFilter, @Nullable List<String> columns) {

	public PublishedTable {
		columns = (columns != null) ? List.copyOf(columns) : null;
	}

}
