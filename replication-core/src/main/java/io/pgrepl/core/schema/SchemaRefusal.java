package io.pgrepl.core.schema;

import io.pgrepl.core.model.TableName;

/**
 * A published table pgrepl cannot create on the subscriber, found before any statement runs.
 *
 * @param table the table
 * @param column the column that needs {@code type}
 * @param type the type, {@code schema.name}
 * @param reason why the type cannot be had here, e.g. its extension is not available
 * @param action what to do about it
 */
public record SchemaRefusal(TableName table, String column, String type, String reason, String action) {

	/** One line: table, column, type and why. */
	public String describe() {
		return "table " + this.table + " column " + this.column + " needs type " + this.type + ", but " + this.reason;
	}

	@Override
	public String toString() {
		return describe();
	}

}
