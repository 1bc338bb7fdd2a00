package io.pgrepl.core.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pgrepl.core.internal.catalog.TableCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.ReplicationArgumentException;
import io.pgrepl.core.model.TableDefinition;
import io.pgrepl.core.model.TableName;

/**
 * Compares the publisher's published tables with the subscriber's, and creates the missing ones
 * from the publisher's definitions. Logical replication copies rows, not DDL: a subscriber table
 * must exist, with at least the published columns, before its rows can arrive.
 *
 * @param toCreate tables missing on the subscriber, with the publisher's definitions
 * @param missingColumns existing subscriber tables and the published columns they lack
 * @param existingSchemas the schemas of {@code toCreate} that exist on the subscriber
 */
public record SubscriberTables(List<TableDefinition> toCreate, Map<TableName, List<String>> missingColumns,
		Set<String> existingSchemas) {

	public SubscriberTables {
		toCreate = List.copyOf(toCreate);
		missingColumns = Map.copyOf(missingColumns);
		existingSchemas = Set.copyOf(existingSchemas);
	}

	/** Tables to create into schemas not known to exist. */
	public SubscriberTables(List<TableDefinition> toCreate, Map<TableName, List<String>> missingColumns) {
		this(toCreate, missingColumns, Set.of());
	}

	/**
	 * Compares the two sides (one catalog query each, however many tables).
	 * @param publisher session on the publisher
	 * @param subscriber session on the subscriber
	 * @param publications publications whose tables count when {@code tables} is empty
	 * @param tables the tables to compare; empty means every table the publications publish
	 */
	public static SubscriberTables compare(PgSession publisher, PgSession subscriber, List<String> publications,
			List<TableName> tables) {
		List<TableName> wanted = tables.isEmpty() ? TableCatalog.publishedTables(publisher, publications) : tables;
		List<TableDefinition> published = TableCatalog.read(publisher, wanted);
		if (published.size() < wanted.size()) {
			Set<TableName> found = new LinkedHashSet<>();
			published.forEach((definition) -> found.add(definition.table()));
			List<String> missing = wanted.stream().filter((table) -> !found.contains(table)).map(TableName::toString).toList();
			throw new ReplicationArgumentException("tables", "Tables " + String.join(", ", missing)
					+ " not found on the publisher; nothing to create them from");
		}
		Map<TableName, TableDefinition> existing = new LinkedHashMap<>();
		TableCatalog.read(subscriber, wanted).forEach((definition) -> existing.put(definition.table(), definition));
		List<TableDefinition> toCreate = new ArrayList<>();
		Map<TableName, List<String>> missingColumns = new LinkedHashMap<>();
		for (TableDefinition definition : published) {
			TableDefinition here = existing.get(definition.table());
			if (here == null) {
				toCreate.add(definition);
			}
			else {
				List<String> lacking = new ArrayList<>(definition.columnNames());
				lacking.removeAll(here.columnNames());
				if (!lacking.isEmpty()) {
					missingColumns.put(definition.table(), lacking);
				}
			}
		}
		Set<String> schemas = new LinkedHashSet<>();
		toCreate.forEach((definition) -> schemas.add(definition.table().schema()));
		return new SubscriberTables(toCreate, missingColumns,
				schemas.isEmpty() ? Set.of() : TableCatalog.existingSchemas(subscriber, schemas));
	}

	/** Fails with {@link SchemaMismatchException} when an existing table lacks published columns. */
	public SubscriberTables requireCompatible() {
		if (!this.missingColumns.isEmpty()) {
			throw new SchemaMismatchException(this.missingColumns);
		}
		return this;
	}

	/**
	 * The statements that create the missing tables, and the schemas that do not exist yet. An
	 * existing schema gets no {@code CREATE SCHEMA IF NOT EXISTS}: PostgreSQL checks CREATE on the
	 * database before it looks whether the schema exists, so the statement would fail for a role
	 * that may create tables in the schema but not schemas in the database.
	 */
	public List<String> createStatements() {
		List<String> statements = new ArrayList<>();
		Set<String> schemas = new LinkedHashSet<>(this.existingSchemas);
		for (TableDefinition definition : this.toCreate) {
			if (schemas.add(definition.table().schema())) {
				statements.add("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(definition.table().schema()));
			}
		}
		for (TableDefinition definition : this.toCreate) {
			statements.add(definition.createTableSql());
		}
		return statements;
	}

	/** Creates the missing tables in one transaction: all of them or none. */
	public void createMissing(PgSession subscriber) {
		if (!this.toCreate.isEmpty()) {
			subscriber.executeInTransaction(createStatements());
		}
	}

}
