package io.pgrepl.core.status;

import java.util.List;

import io.pgrepl.core.model.TableName;

/**
 * The columns that identify a row of a table in the UPDATEs and DELETEs it publishes: those of the
 * primary key or of the replica identity index, or every column with {@code REPLICA IDENTITY FULL}.
 * A row filter of a table that publishes UPDATE or DELETE may use only these, and its column list
 * must include them; otherwise PostgreSQL refuses UPDATE and DELETE on the table.
 *
 * @param table the table
 * @param full whether the identity is {@code FULL}
 * @param columns the identity columns, in column order (every column when full)
 */
public record ReplicaIdentityColumns(TableName table, boolean full, List<String> columns) {

	public ReplicaIdentityColumns {
		columns = List.copyOf(columns);
	}

	/** The columns a row filter uses that the identity does not cover (none with {@code FULL}). */
	public List<String> notCovering(List<String> filterColumns) {
		return this.full ? List.of() : filterColumns.stream().filter((column) -> !this.columns.contains(column)).toList();
	}

	/** The identity columns a column list leaves out (empty list: every column, none left out). */
	public List<String> leftOutBy(List<String> columnList) {
		return columnList.isEmpty() ? List.of()
				: this.columns.stream().filter((column) -> !columnList.contains(column)).toList();
	}

}
