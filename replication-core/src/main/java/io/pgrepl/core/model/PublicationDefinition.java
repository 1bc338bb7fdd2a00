package io.pgrepl.core.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a publication should publish: a list of tables or all tables, which operations, and whether
 * partitioned tables publish through their root.
 *
 * @param allTables whether the publication is {@code FOR ALL TABLES}
 * @param tables the tables, when not for all tables
 * @param operations the operations published (never empty)
 * @param publishViaPartitionRoot whether changes to partitions are published as changes to the root
 */
public record PublicationDefinition(boolean allTables, List<TableName> tables, Set<Operation> operations,
		boolean publishViaPartitionRoot) {

	public PublicationDefinition {
		tables = List.copyOf(tables);
		operations = operations.isEmpty() ? EnumSet.noneOf(Operation.class) : EnumSet.copyOf(operations);
		if (allTables && !tables.isEmpty()) {
			throw new ReplicationArgumentException("tables",
					"A publication is either for all tables or for a list of tables, not both");
		}
		if (operations.isEmpty()) {
			throw new ReplicationArgumentException("operations",
					"A publication must publish at least one of insert, update, delete, truncate");
		}
		operations = Set.copyOf(operations);
	}

	/** Publishes the given tables (names, classes or {@link TableName}s), all operations. */
	public static PublicationDefinition forTables(Object... tables) {
		return forTables(Arrays.asList(tables));
	}

	public static PublicationDefinition forTables(Iterable<?> tables) {
		return new PublicationDefinition(false, TableName.allOf(tables), Operation.all(), false);
	}

	/** {@code FOR ALL TABLES}, all operations. */
	public static PublicationDefinition forAllTables() {
		return new PublicationDefinition(true, List.of(), Operation.all(), false);
	}

	public PublicationDefinition withOperations(Operation... operations) {
		return withOperations(Set.of(operations));
	}

	public PublicationDefinition withOperations(Set<Operation> operations) {
		return new PublicationDefinition(this.allTables, this.tables, operations, this.publishViaPartitionRoot);
	}

	public PublicationDefinition withPublishViaPartitionRoot(boolean publishViaPartitionRoot) {
		return new PublicationDefinition(this.allTables, this.tables, this.operations, publishViaPartitionRoot);
	}

	/** Whether UPDATE or DELETE are published, which needs a replica identity on every table. */
	public boolean publishesUpdateOrDelete() {
		return this.operations.contains(Operation.UPDATE) || this.operations.contains(Operation.DELETE);
	}

	/** The {@code publish} parameter, in PostgreSQL's order: {@code insert, update, delete, truncate}. */
	public String publishParameter() {
		return this.operations.stream()
			.sorted()
			.map(Operation::sqlName)
			.collect(Collectors.joining(", "));
	}

}
