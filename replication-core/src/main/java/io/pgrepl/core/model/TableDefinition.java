package io.pgrepl.core.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The shape of a published table, enough to create a subscriber table that receives it: columns
 * with their types and NOT NULL, and the primary key. Identity and serial columns become plain
 * columns of their type: values arrive from the publisher, a sequence here would only drift.
 *
 * @param table the table
 * @param columns the columns in order
 * @param primaryKey the primary key columns in key order, empty when there is none
 */
public record TableDefinition(TableName table, List<ColumnDefinition> columns, List<String> primaryKey) {

	public TableDefinition {
		columns = List.copyOf(columns);
		primaryKey = List.copyOf(primaryKey);
	}

	public List<String> columnNames() {
		return this.columns.stream().map(ColumnDefinition::name).toList();
	}

	/** {@code CREATE TABLE} for this definition. */
	public String createTableSql() {
		String body = this.columns.stream().map(ColumnDefinition::toSql).collect(Collectors.joining(", "));
		if (!this.primaryKey.isEmpty()) {
			body += ", PRIMARY KEY (" + this.primaryKey.stream().map(Identifiers::quote).collect(Collectors.joining(", "))
					+ ")";
		}
		return "CREATE TABLE " + this.table.quoted() + " (" + body + ")";
	}

}
