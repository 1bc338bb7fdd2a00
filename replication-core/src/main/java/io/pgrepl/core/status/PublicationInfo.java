package io.pgrepl.core.status;

import java.util.List;
import java.util.Set;

import io.pgrepl.core.model.Operation;
import io.pgrepl.core.model.TableName;

/**
 * A publication as the catalog describes it ({@code pg_publication}, {@code pg_publication_rel},
 * {@code pg_publication_namespace}).
 *
 * @param name the publication name
 * @param owner the owning role
 * @param allTables whether it is {@code FOR ALL TABLES}
 * @param operations the operations it publishes
 * @param publishViaPartitionRoot {@code publish_via_partition_root}
 * @param tables the tables named in it, sorted (partitions not expanded)
 * @param schemas the schemas published with {@code TABLES IN SCHEMA} (PostgreSQL 15+), sorted
 */
public record PublicationInfo(String name, String owner, boolean allTables, Set<Operation> operations,
		boolean publishViaPartitionRoot, List<TableName> tables, List<String> schemas) {

	public PublicationInfo {
		operations = Set.copyOf(operations);
		tables = List.copyOf(tables);
		schemas = List.copyOf(schemas);
	}

}
