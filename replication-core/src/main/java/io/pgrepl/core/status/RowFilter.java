package io.pgrepl.core.status;

import java.util.List;

import io.pgrepl.core.model.TableName;
import org.jspecify.annotations.Nullable;

/**
 * A declared row filter as PostgreSQL takes it: the server parses it for its table (in a
 * transaction that is rolled back), so that the filter can be compared with the catalog's and its
 * columns checked against the replica identity before anything changes.
 *
 * @param table the table it filters
 * @param declared the expression as declared
 * @param expression the expression as PostgreSQL deparses it ({@code pg_get_expr}), {@code null}
 * when PostgreSQL refused it
 * @param columns the columns of the table it uses, in column order
 * @param refusal why PostgreSQL refused it, or {@code null}
 */
public record RowFilter(TableName table, String declared, @Nullable String expression, List<String> columns,
		@Nullable String refusal) {

	public RowFilter {
		columns = List.copyOf(columns);
	}

}
