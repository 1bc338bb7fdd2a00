package io.pgrepl.core.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a table has besides its columns, as {@code pg_get_constraintdef}, {@code pg_get_indexdef}
 * and {@code pg_get_expr} write it with schema-qualified names.
 *
 * @param parent the partitioned table this one is a partition of, or {@code null}
 * @param partitionBound {@code FOR VALUES ...} of a partition, or {@code null}
 * @param partitionKey {@code RANGE (...)} etc. of a partitioned table, or {@code null}
 * @param primaryKey {@code CONSTRAINT name PRIMARY KEY (...)} when the table has its own
 * (not one cloned from its partitioned parent), or {@code null}
 * @param constraints its own CHECK, UNIQUE and EXCLUDE constraints, each
 * {@code CONSTRAINT name ...}
 * @param foreignKeys its own foreign keys
 * @param indexes {@code CREATE INDEX} of its indexes that back no constraint and are not a
 * partition of a parent's index
 * @param replicaIdentity {@code FULL}, {@code NOTHING}, {@code USING INDEX name}, or
 * {@code null} for the default
 */
public record TableDetails(@Nullable TableName parent, @Nullable String partitionBound,
		@Nullable String partitionKey, @Nullable String primaryKey, List<String> constraints,
		List<ForeignKey> foreignKeys, List<String> indexes, @Nullable String replicaIdentity) {

	/** A table read without its details: columns and primary key only. */
	public static final TableDetails NONE = new TableDetails(null, null, null, null, List.of(), List.of(), List.of(),
			null);

	public TableDetails {
		constraints = List.copyOf(constraints);
		foreignKeys = List.copyOf(foreignKeys);
		indexes = List.copyOf(indexes);
	}

	/**
	 * A foreign key.
	 * @param constraint {@code CONSTRAINT name FOREIGN KEY ... REFERENCES ...}
	 * @param references the table it references
	 */
	public record ForeignKey(String constraint, TableName references) {
	}

}
