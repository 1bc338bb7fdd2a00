package io.pgrepl.core.status;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.pgrepl.core.model.Operation;
import io.pgrepl.core.model.PublicationTable;
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
 * @param tables the tables named in it, sorted (partitions not expanded, schemas not expanded),
 * each with its row filter as PostgreSQL deparses it (e.g. {@code (region = 'eu'::text)}) and its
 * column list in column order (PostgreSQL 15+)
 * @param schemas the schemas published with {@code TABLES IN SCHEMA} (PostgreSQL 15+), sorted
 */
public record PublicationInfo(String name, String owner, boolean allTables, Set<Operation> operations,
		boolean publishViaPartitionRoot, List<PublicationTable> tables, List<String> schemas) {

	public PublicationInfo {
		operations = Set.copyOf(operations);
		tables = List.copyOf(tables);
		schemas = List.copyOf(schemas);
	}

	/** The names of the tables named in it, sorted. */
	public List<TableName> tableNames() {
		return this.tables.stream().map(PublicationTable::table).toList();
	}

	/** The named table as the publication has it, or empty when it is not named in it. */
	public Optional<PublicationTable> table(TableName table) {
		return this.tables.stream().filter((entry) -> entry.table().equals(table)).findFirst();
	}

}
