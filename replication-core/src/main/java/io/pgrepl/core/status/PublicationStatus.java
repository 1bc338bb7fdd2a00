package io.pgrepl.core.status;

import java.util.List;
import java.util.Set;

import io.pgrepl.core.model.Operation;
import io.pgrepl.core.model.TableName;

/**
 * A publication as the publisher's health sees it.
 *
 * @param name the publication name
 * @param exists whether it exists; a declared publication that does not is an issue, and then the
 * other fields are empty
 * @param allTables whether it is {@code FOR ALL TABLES}
 * @param operations the operations it publishes
 * @param tables every table it publishes now, as {@code pg_publication_tables} expands them
 * ({@code FOR ALL TABLES}, {@code TABLES IN SCHEMA} and partitions included), sorted
 */
public record PublicationStatus(String name, boolean exists, boolean allTables, Set<Operation> operations,
		List<TableName> tables) {

	public PublicationStatus {
		operations = Set.copyOf(operations);
		tables = List.copyOf(tables);
	}

	/** A declared publication that does not exist. */
	public static PublicationStatus missing(String name) {
		return new PublicationStatus(name, false, false, Set.of(), List.of());
	}

}
