package io.pgrepl.core.model;

import org.jspecify.annotations.Nullable;

/**
 * A sequence a column default uses ({@code serial}, {@code nextval('...')}). Identity sequences
 * are not among them: an identity column creates its own.
 *
 * @param sequence the sequence
 * @param createSql {@code CREATE SEQUENCE IF NOT EXISTS ...} with its type and parameters
 * @param ownedBy {@code table.column} (quoted) that owns it, or {@code null}
 */
public record SequenceDefinition(TableName sequence, String createSql, @Nullable String ownedBy) {
}
