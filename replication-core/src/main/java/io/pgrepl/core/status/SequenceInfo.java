package io.pgrepl.core.status;

import io.pgrepl.core.model.TableName;
import org.jspecify.annotations.Nullable;

/**
 * A sequence as {@code pg_sequence} and {@code pg_depend} describe it.
 *
 * @param name the sequence, schema-qualified
 * @param ownedBy the table whose column owns it (identity or serial), or {@code null} for a
 * standalone sequence
 * @param column that column, or {@code null}
 * @param dataType {@code smallint}, {@code integer} or {@code bigint}
 * @param increment {@code seqincrement}
 * @param minValue {@code seqmin}
 * @param maxValue {@code seqmax}
 * @param readable whether this role may read its value: {@code SELECT} on it, or {@code USAGE} once
 * {@code nextval} was called
 * @param value its {@code last_value} and {@code is_called}, {@code null} when it cannot be read
 */
public record SequenceInfo(TableName name, @Nullable TableName ownedBy, @Nullable String column, String dataType,
		long increment, long minValue, long maxValue, boolean readable, @Nullable SequenceValue value) {

}
