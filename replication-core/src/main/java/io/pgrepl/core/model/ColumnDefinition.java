package io.pgrepl.core.model;

import org.jspecify.annotations.Nullable;

/**
 * A column as the publisher defines it.
 *
 * @param name the column name
 * @param type the type as {@code format_type} writes it, e.g. {@code character varying(40)}
 * @param notNull whether it is NOT NULL
 * @param generatedExpression the expression of a {@code GENERATED ALWAYS AS (...) STORED} column,
 * or {@code null}
 */
public record ColumnDefinition(String name, String type, boolean notNull, @Nullable String generatedExpression) {

	/** The column in a CREATE TABLE: identity and serial defaults are not carried over. */
	String toSql() {
		StringBuilder sql = new StringBuilder(Identifiers.quote(this.name)).append(' ').append(this.type);
		if (this.generatedExpression != null) {
			sql.append(" GENERATED ALWAYS AS (").append(this.generatedExpression).append(") STORED");
		}
		if (this.notNull) {
			sql.append(" NOT NULL");
		}
		return sql.toString();
	}

}
