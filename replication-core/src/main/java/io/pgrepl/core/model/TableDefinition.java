package io.pgrepl.core.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The shape of a published table, enough to create a subscriber table that receives it: columns
 * with their types, defaults, identity, generation and NOT NULL, the primary key, and (when read
 * for creating tables) its {@link TableDetails}.
 *
 * @param table the table
 * @param columns the columns in order
 * @param primaryKey the primary key columns in key order, empty when there is none
 * @param details its partitioning, constraints, indexes and replica identity
 * ({@link TableDetails#NONE} when not read)
 */
public record TableDefinition(TableName table, List<ColumnDefinition> columns, List<String> primaryKey,
		TableDetails details) {

	public TableDefinition {
		columns = List.copyOf(columns);
		primaryKey = List.copyOf(primaryKey);
	}

	/** A table read without its details. */
	public TableDefinition(TableName table, List<ColumnDefinition> columns, List<String> primaryKey) {
		this(table, columns, primaryKey, TableDetails.NONE);
	}

	public List<String> columnNames() {
		return this.columns.stream().map(ColumnDefinition::name).toList();
	}

	/** This definition with {@code details}. */
	public TableDefinition withDetails(TableDetails details) {
		return new TableDefinition(this.table, this.columns, this.primaryKey, details);
	}

	/**
	 * {@code CREATE TABLE} for this definition: a partition as {@code PARTITION OF} its parent
	 * (whose columns, keys and indexes it takes), any other table with its columns and primary key.
	 */
	public String createTableSql() {
		TableDetails details = this.details;
		String partitionBy = (details.partitionKey() != null) ? " PARTITION BY " + details.partitionKey() : "";
		if (details.parent() != null) {
			return "CREATE TABLE " + this.table.quoted() + " PARTITION OF " + details.parent().quoted() + " "
					+ details.partitionBound() + partitionBy;
		}
		String body = this.columns.stream().map(ColumnDefinition::toSql).collect(Collectors.joining(", "));
		if (details.primaryKey() != null) {
			body += ", " + details.primaryKey();
		}
		else if (!this.primaryKey.isEmpty()) {
			body += ", PRIMARY KEY (" + this.primaryKey.stream().map(Identifiers::quote).collect(Collectors.joining(", "))
					+ ")";
		}
		return "CREATE TABLE " + this.table.quoted() + " (" + body + ")" + partitionBy;
	}

}
