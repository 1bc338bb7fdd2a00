package io.pgrepl.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a publication should publish: a list of tables (each optionally with a row filter and a
 * column list), the tables of whole schemas, or all tables; which operations; and whether
 * partitioned tables publish through their root.
 *
 * <pre>{@code
 * PublicationDefinition.forTables(PublicationTable.of("orders").where("region = 'eu'"), "users")
 *     .withSchemas("sales");
 * }</pre>
 *
 * @param allTables whether the publication is {@code FOR ALL TABLES}
 * @param tables the tables, when not for all tables
 * @param schemas the schemas whose tables, present and future, are published ({@code TABLES IN
 * SCHEMA}, PostgreSQL 15+)
 * @param operations the operations published (never empty)
 * @param publishViaPartitionRoot whether changes to partitions are published as changes to the root
 */
public record PublicationDefinition(boolean allTables, List<PublicationTable> tables, List<String> schemas,
		Set<Operation> operations, boolean publishViaPartitionRoot) {

	public PublicationDefinition {
		tables = List.copyOf(tables);
		schemas = List.copyOf(new LinkedHashSet<>(schemas));
		schemas.forEach((schema) -> Identifiers.requireValid(schema, "schemas"));
		operations = operations.isEmpty() ? EnumSet.noneOf(Operation.class) : EnumSet.copyOf(operations);
		if (allTables && (!tables.isEmpty() || !schemas.isEmpty())) {
			throw new ReplicationArgumentException(tables.isEmpty() ? "schemas" : "tables",
					"A publication is either for all tables or for a list of tables and schemas, not both");
		}
		if (operations.isEmpty()) {
			throw new ReplicationArgumentException("operations",
					"A publication must publish at least one of insert, update, delete, truncate");
		}
		operations = Set.copyOf(operations);
	}

	/** A list of tables without row filters or column lists, and no schemas. */
	public PublicationDefinition(boolean allTables, List<TableName> tables, Set<Operation> operations,
			boolean publishViaPartitionRoot) {
		this(allTables, tables.stream().map(PublicationTable::of).toList(), List.of(), operations,
				publishViaPartitionRoot);
	}

	/**
	 * Publishes the given tables (names, classes, {@link TableName}s or {@link PublicationTable}s
	 * with a row filter or column list), all operations.
	 */
	public static PublicationDefinition forTables(Object... tables) {
		return forTables(Arrays.asList(tables));
	}

	public static PublicationDefinition forTables(Iterable<?> tables) {
		return new PublicationDefinition(false, PublicationTable.allOf(tables), List.of(), Operation.all(), false);
	}

	/** {@code FOR TABLES IN SCHEMA}: every table of these schemas, present and future; all operations. */
	public static PublicationDefinition forSchemas(String... schemas) {
		return new PublicationDefinition(false, List.of(), List.of(schemas), Operation.all(), false);
	}

	/** {@code FOR ALL TABLES}, all operations. */
	public static PublicationDefinition forAllTables() {
		return new PublicationDefinition(true, List.of(), List.of(), Operation.all(), false);
	}

	public PublicationDefinition withOperations(Operation... operations) {
		return withOperations(Set.of(operations));
	}

	public PublicationDefinition withOperations(Set<Operation> operations) {
		return new PublicationDefinition(this.allTables, this.tables, this.schemas, operations,
				this.publishViaPartitionRoot);
	}

	public PublicationDefinition withPublishViaPartitionRoot(boolean publishViaPartitionRoot) {
		return new PublicationDefinition(this.allTables, this.tables, this.schemas, this.operations,
				publishViaPartitionRoot);
	}

	/** These schemas' tables too ({@code TABLES IN SCHEMA}, PostgreSQL 15+), besides the listed tables. */
	public PublicationDefinition withSchemas(String... schemas) {
		return withSchemas(List.of(schemas));
	}

	public PublicationDefinition withSchemas(List<String> schemas) {
		return new PublicationDefinition(this.allTables, this.tables, schemas, this.operations,
				this.publishViaPartitionRoot);
	}

	/** The names of the listed tables, in order. */
	public List<TableName> tableNames() {
		return this.tables.stream().map(PublicationTable::table).toList();
	}

	/** Whether UPDATE or DELETE are published, which needs a replica identity on every table. */
	public boolean publishesUpdateOrDelete() {
		return this.operations.contains(Operation.UPDATE) || this.operations.contains(Operation.DELETE);
	}

	/**
	 * The features beyond PostgreSQL 14 this definition uses: row filters, column lists,
	 * {@code TABLES IN SCHEMA}.
	 */
	public Set<Feature> requiredFeatures() {
		Set<Feature> features = EnumSet.noneOf(Feature.class);
		for (PublicationTable table : this.tables) {
			if (table.rowFilter() != null) {
				features.add(Feature.ROW_FILTER);
			}
			if (!table.columns().isEmpty()) {
				features.add(Feature.COLUMN_LIST);
			}
		}
		if (!this.schemas.isEmpty()) {
			features.add(Feature.TABLES_IN_SCHEMA);
		}
		return features;
	}

	/** The {@code publish} parameter, in PostgreSQL's order: {@code insert, update, delete, truncate}. */
	public String publishParameter() {
		return this.operations.stream()
			.sorted()
			.map(Operation::sqlName)
			.collect(Collectors.joining(", "));
	}

	/** The objects after {@code FOR}: {@code TABLE ..., TABLES IN SCHEMA ...}; empty for none. */
	public String publishedObjects() {
		List<String> objects = new ArrayList<>();
		if (!this.tables.isEmpty()) {
			objects.add("TABLE " + this.tables.stream().map(PublicationTable::sql).collect(Collectors.joining(", ")));
		}
		if (!this.schemas.isEmpty()) {
			objects.add("TABLES IN SCHEMA " + this.schemas.stream().map(Identifiers::quote).collect(Collectors.joining(", ")));
		}
		return String.join(", ", objects);
	}

}
