package io.pgrepl.core.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.pgrepl.core.internal.catalog.PublicationCatalog;
import io.pgrepl.core.internal.catalog.SchemaObjectsCatalog;
import io.pgrepl.core.internal.catalog.TableCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.ColumnDefinition;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.ReplicationArgumentException;
import io.pgrepl.core.model.SequenceDefinition;
import io.pgrepl.core.model.TableDefinition;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.model.TypeDefinition;
import io.pgrepl.core.status.ExtensionAvailability;
import org.jspecify.annotations.Nullable;

/**
 * Compares the publisher's published tables with the subscriber's, and creates the missing ones
 * from the publisher's definitions. Logical replication copies rows, not DDL: a subscriber table
 * must exist, with at least the published columns, before its rows can arrive.
 *
 * <p>
 * A table is created as the publisher has it, after what it needs: the user types its columns use
 * (in dependency order; existing ones are reused), the extensions providing extension types, the
 * sequences its defaults use; then its columns (defaults, identity, generation, collation), keys,
 * CHECK, UNIQUE and EXCLUDE constraints, indexes, foreign keys (to tables created here or already
 * here), replica identity, and its partition tree (parents before partitions). Triggers,
 * policies, views, functions, user collations and grants are left to {@code pg_dump --schema-only}.
 *
 * @param toCreate tables missing on the subscriber, with the publisher's definitions, parents
 * before their partitions
 * @param missingColumns existing subscriber tables and the published columns they lack
 * @param addColumns for those tables, the publisher's definitions of the lacking columns
 * @param types the user types to create first, in dependency order
 * @param extensions {@code CREATE EXTENSION} statements for extension types not here yet, each
 * after the {@code CREATE SCHEMA} of its schema when the subscriber lacks it
 * @param sequences the sequences the created tables' defaults use
 * @param refusals why some of it cannot be created; empty when all of it can
 * @param foreignKeyTargets tables foreign keys of created tables may reference: those created and
 * those that exist here
 * @param existingSchemas the schemas of what is created that exist on the subscriber already
 */
public record SubscriberTables(List<TableDefinition> toCreate, Map<TableName, List<String>> missingColumns,
		Map<TableName, List<ColumnDefinition>> addColumns, List<TypeDefinition> types, List<String> extensions,
		List<SequenceDefinition> sequences, List<SchemaRefusal> refusals, Set<TableName> foreignKeyTargets,
		Set<String> existingSchemas) {

	public SubscriberTables {
		toCreate = List.copyOf(toCreate);
		missingColumns = Map.copyOf(missingColumns);
		addColumns = Map.copyOf(addColumns);
		types = List.copyOf(types);
		extensions = List.copyOf(extensions);
		sequences = List.copyOf(sequences);
		refusals = List.copyOf(refusals);
		foreignKeyTargets = Set.copyOf(foreignKeyTargets);
		existingSchemas = Set.copyOf(existingSchemas);
	}

	/** Tables to create with nothing else, and tables lacking columns. */
	public SubscriberTables(List<TableDefinition> toCreate, Map<TableName, List<String>> missingColumns) {
		this(toCreate, missingColumns, Map.of(), List.of(), List.of(), List.of(), List.of(), Set.of(), Set.of());
	}

	/**
	 * Compares the two sides: a constant number of catalog queries each, however many tables, and
	 * the reads for creating only when something is missing.
	 * @param publisher session on the publisher
	 * @param subscriber session on the subscriber
	 * @param publications publications whose tables count when {@code tables} is empty
	 * @param tables the tables to compare; empty means every table the publications publish
	 */
	public static SubscriberTables compare(PgSession publisher, PgSession subscriber, List<String> publications,
			List<TableName> tables) {
		List<TableName> wanted = tables.isEmpty() ? TableCatalog.publishedTables(publisher, publications) : tables;
		List<TableDefinition> published = TableCatalog.read(publisher, wanted);
		Map<TableName, Set<String>> columnLists = PublicationCatalog.publishedColumns(publisher, publications);
		if (published.size() < wanted.size()) {
			Set<TableName> found = new LinkedHashSet<>();
			published.forEach((definition) -> found.add(definition.table()));
			List<String> missing = wanted.stream().filter((table) -> !found.contains(table)).map(TableName::toString).toList();
			throw new ReplicationArgumentException("tables", "Tables " + String.join(", ", missing)
					+ " not found on the publisher; nothing to create them from");
		}
		Map<TableName, TableDefinition> existing = new LinkedHashMap<>();
		TableCatalog.read(subscriber, wanted).forEach((definition) -> existing.put(definition.table(), definition));
		List<TableName> missingTables = new ArrayList<>();
		Map<TableName, List<String>> missingColumns = new LinkedHashMap<>();
		for (TableDefinition full : published) {
			TableDefinition definition = publishedPart(full, columnLists.get(full.table()));
			TableDefinition here = existing.get(definition.table());
			if (here == null) {
				missingTables.add(definition.table());
			}
			else {
				List<String> lacking = new ArrayList<>(definition.columnNames());
				lacking.removeAll(here.columnNames());
				if (!lacking.isEmpty()) {
					missingColumns.put(definition.table(), lacking);
				}
			}
		}
		if (missingTables.isEmpty() && missingColumns.isEmpty()) {
			return new SubscriberTables(List.of(), Map.of());
		}
		return creating(publisher, subscriber, publications, missingTables, missingColumns, columnLists);
	}

	/** Reads what creating {@code missingTables} and adding {@code missingColumns} takes. */
	private static SubscriberTables creating(PgSession publisher, PgSession subscriber, List<String> publications,
			List<TableName> missingTables, Map<TableName, List<String>> missingColumns,
			Map<TableName, Set<String>> columnLists) {
		// A partition's rows need its parent, and a partitioned table's (published via the root) its partitions.
		List<TableName> family = new ArrayList<>(SchemaObjectsCatalog.partitionFamilies(publisher, missingTables));
		missingTables.stream().filter((table) -> !family.contains(table)).forEach(family::add);
		Set<TableName> here = new HashSet<>();
		TableCatalog.read(subscriber, family).forEach((definition) -> here.add(definition.table()));
		List<TableName> create = family.stream().filter((table) -> !here.contains(table)).toList();
		List<TableName> typed = new ArrayList<>(create);
		typed.addAll(missingColumns.keySet());
		boolean generatedColumnsArrive = publishesGeneratedColumns(publisher, publications);
		List<TableDefinition> definitions = SchemaObjectsCatalog.tables(publisher, typed)
			.stream()
			.map((definition) -> generatedColumnsArrive ? withoutGeneration(definition) : definition)
			// a server before 18 has no virtual generated columns: it computes and stores them
			.map((definition) -> subscriber.version().isAtLeast(18) ? definition : storedGeneration(definition))
			// a column list publishes part of a table: only that part is created, without the indexes
			// and constraints that may name the columns left out
			.map((definition) -> publishedPart(definition, columnLists.get(definition.table())))
			.toList();
		Map<TableName, TableDefinition> byName = new LinkedHashMap<>();
		definitions.forEach((definition) -> byName.put(definition.table(), definition));
		List<TableDefinition> toCreate = parentsFirst(create.stream().map(byName::get).filter((d) -> d != null).toList());
		Map<TableName, List<ColumnDefinition>> addColumns = new LinkedHashMap<>();
		Map<TableName, TableName> roots = SchemaObjectsCatalog.partitionRoots(subscriber,
				List.copyOf(missingColumns.keySet()));
		missingColumns.forEach((table, columns) -> {
			TableDefinition definition = byName.get(table);
			if (definition != null) {
				List<ColumnDefinition> adding = addColumns.computeIfAbsent(roots.getOrDefault(table, table),
						(key) -> new ArrayList<>());
				definition.columns()
					.stream()
					.filter((column) -> columns.contains(column.name()))
					.filter((column) -> adding.stream().noneMatch((added) -> added.name().equals(column.name())))
					.forEach(adding::add);
			}
		});
		List<TypeDefinition> used = SchemaObjectsCatalog.types(publisher, typed);
		Set<String> existingTypes = SchemaObjectsCatalog.existingTypes(subscriber, used);
		List<TypeDefinition> missingTypes = used.stream()
			.filter((type) -> !existingTypes.contains(type.schema() + "." + type.name()))
			.toList();
		Set<String> extensionNames = new LinkedHashSet<>();
		missingTypes.stream().filter((type) -> type.extension() != null).forEach((type) -> extensionNames.add(type.extension()));
		Map<String, ExtensionAvailability> availability = SchemaObjectsCatalog.extensions(subscriber, extensionNames);
		List<SchemaRefusal> refusals = new ArrayList<>();
		Map<String, String> extensions = new LinkedHashMap<>();
		List<TypeDefinition> types = new ArrayList<>();
		for (TypeDefinition type : missingTypes) {
			if (type.extension() != null) {
				String refusal = extensionRefusal(type, availability.get(type.extension()));
				if (refusal != null) {
					refusals.add(new SchemaRefusal(type.usedBy(), type.usedByColumn(), type.toString(), refusal,
							"Install the extension '" + type.extension() + "' on the subscriber's server (as a role "
									+ "that may create it) before starting, or do not publish the table"));
				}
				else {
					extensions.put(type.extension(), type.extensionSchema());
				}
			}
			else if (type.unreproducible() != null) {
				refusals.add(new SchemaRefusal(type.usedBy(), type.usedByColumn(), type.toString(),
						type.unreproducible(), "Create the type on the subscriber yourself (pg_dump --schema-only "
								+ "of the publisher has it) before starting"));
			}
			else {
				types.add(type);
			}
		}
		List<SequenceDefinition> sequences = SchemaObjectsCatalog.sequences(publisher, create);
		Set<TableName> targets = new HashSet<>(create);
		List<TableName> referenced = toCreate.stream()
			.flatMap((definition) -> definition.details().foreignKeys().stream())
			.map((foreignKey) -> foreignKey.references())
			.filter((table) -> !targets.contains(table))
			.distinct()
			.toList();
		TableCatalog.read(subscriber, referenced).forEach((definition) -> targets.add(definition.table()));
		Set<String> schemas = new LinkedHashSet<>();
		types.forEach((type) -> schemas.add(type.schema()));
		sequences.forEach((sequence) -> schemas.add(sequence.sequence().schema()));
		toCreate.forEach((definition) -> schemas.add(definition.table().schema()));
		schemas.addAll(extensions.values());
		Set<String> existingSchemas = schemas.isEmpty() ? Set.of() : TableCatalog.existingSchemas(subscriber, schemas);
		// the extension goes where it is on the publisher, so that the columns' types resolve to it
		List<String> createExtensions = new ArrayList<>();
		extensions.forEach((extension, schema) -> {
			if (!existingSchemas.contains(schema)) {
				createExtensions.add("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema));
			}
			createExtensions.add("CREATE EXTENSION IF NOT EXISTS " + Identifiers.quote(extension) + " WITH SCHEMA "
					+ Identifiers.quote(schema));
		});
		return new SubscriberTables(toCreate, missingColumns, addColumns, dependencyOrder(types),
				List.copyOf(createExtensions), sequences, refusals, targets, existingSchemas);
	}

	private static @Nullable String extensionRefusal(TypeDefinition type, @Nullable ExtensionAvailability availability) {
		if (availability == null || !availability.available()) {
			return "its extension '" + type.extension() + "' is not available on the subscriber's server "
					+ "(not in pg_available_extensions)";
		}
		if (availability.installed()) {
			return "its extension '" + type.extension() + "' is installed on the subscriber in schema '"
					+ availability.installedSchema() + "', not in '" + type.extensionSchema() + "' as on the publisher";
		}
		if (!availability.mayCreate()) {
			return "the subscriber's role may not create its extension '" + type.extension()
					+ "' (it is not a superuser, and the extension is not trusted or the role lacks CREATE on the database)";
		}
		return null;
	}

	/**
	 * Whether the publications send STORED generated columns (PostgreSQL 18's
	 * {@code publish_generated_columns}): then the subscriber's column must be a plain one, since
	 * PostgreSQL refuses to replicate into a generated column. Before 18 they are never sent, and
	 * the subscriber computes them.
	 */
	private static boolean publishesGeneratedColumns(PgSession publisher, List<String> publications) {
		if (!publisher.version().isAtLeast(18) || publications.isEmpty()) {
			return false;
		}
		return publisher.queryOne("select exists (select 1 from pg_publication where pubname = any(?::text[]) "
				+ "and pubgencols = 's')", (rs) -> rs.getBoolean(1), (Object) publications.toArray(String[]::new))
			.orElse(false);
	}

	private static TableDefinition storedGeneration(TableDefinition definition) {
		if (definition.columns().stream().noneMatch(ColumnDefinition::virtual)) {
			return definition;
		}
		return new TableDefinition(definition.table(),
				definition.columns().stream().map((column) -> column.virtual() ? column.stored() : column).toList(),
				definition.primaryKey(), definition.details());
	}

	private static TableDefinition withoutGeneration(TableDefinition definition) {
		return new TableDefinition(definition.table(),
				definition.columns().stream().map(ColumnDefinition::withoutGeneration).toList(), definition.primaryKey(),
				definition.details());
	}

	private static List<TableDefinition> parentsFirst(List<TableDefinition> tables) {
		List<TableDefinition> ordered = new ArrayList<>();
		Set<TableName> placed = new HashSet<>();
		Set<TableName> all = tables.stream().map(TableDefinition::table).collect(Collectors.toSet());
		List<TableDefinition> pending = new ArrayList<>(tables);
		while (!pending.isEmpty()) {
			int before = pending.size();
			pending.removeIf((definition) -> {
				TableName parent = definition.details().parent();
				if (parent == null || !all.contains(parent) || placed.contains(parent)) {
					ordered.add(definition);
					placed.add(definition.table());
					return true;
				}
				return false;
			});
			if (pending.size() == before) {
				ordered.addAll(pending);
				break;
			}
		}
		return ordered;
	}

	private static List<TypeDefinition> dependencyOrder(List<TypeDefinition> types) {
		Set<Long> pendingOids = types.stream().map(TypeDefinition::oid).collect(Collectors.toSet());
		List<TypeDefinition> ordered = new ArrayList<>();
		List<TypeDefinition> pending = new ArrayList<>(types);
		while (!pending.isEmpty()) {
			int before = pending.size();
			pending.removeIf((type) -> {
				if (type.dependsOn().stream().noneMatch((dep) -> dep != type.oid() && pendingOids.contains(dep))) {
					ordered.add(type);
					return true;
				}
				return false;
			});
			ordered.forEach((type) -> pendingOids.remove(type.oid()));
			if (pending.size() == before) {
				ordered.addAll(pending);
				break;
			}
		}
		return ordered;
	}

	/**
	 * The part of a table a column list publishes: those columns, and the primary key only when
	 * they include it (a key column that never receives a value would refuse every row).
	 */
	private static TableDefinition publishedPart(TableDefinition table, @Nullable Set<String> columns) {
		if (columns == null) {
			return table;
		}
		List<String> key = columns.containsAll(table.primaryKey()) ? table.primaryKey() : List.of();
		return new TableDefinition(table.table(),
				table.columns().stream().filter((column) -> columns.contains(column.name())).toList(), key);
	}

	/** Fails with {@link SchemaMismatchException} when an existing table lacks published columns. */
	public SubscriberTables requireCompatible() {
		if (!this.missingColumns.isEmpty()) {
			throw new SchemaMismatchException(this.missingColumns);
		}
		return this;
	}

	/** Fails with {@link SchemaNotReproducibleException} when a table to create needs what pgrepl cannot create. */
	public SubscriberTables requireCreatable() {
		if (!this.toCreate.isEmpty() && !this.refusals.isEmpty()) {
			throw new SchemaNotReproducibleException(this.refusals);
		}
		return this;
	}

	/** Whether there is DDL to run: tables to create or, with {@code addColumns}, columns to add. */
	public boolean hasWork(boolean addColumns) {
		return !this.toCreate.isEmpty() || (addColumns && !this.addColumns.isEmpty());
	}

	/** The statements that create the missing tables (and what they need), all at once. */
	public List<String> createStatements() {
		return statements(false, null);
	}

	/**
	 * The statements, in the order they run in one transaction: schemas, extensions, types,
	 * sequences, tables (parents first) with their primary keys, their other constraints and
	 * indexes, foreign keys, replica identities, sequence ownership, and with {@code addColumns}
	 * the lacking columns of existing tables.
	 * @param addColumns whether to add the columns existing tables lack
	 * @param deferFor when not {@code null}, the subscription whose initial copy the secondary
	 * indexes, CHECK, UNIQUE and EXCLUDE constraints and foreign keys wait for: they are recorded in
	 * {@code pgrepl.deferred_ddl} (in the same transaction) instead of built, so that the copy
	 * maintains only the primary key or replica identity index, as {@code pg_dump | psql} does
	 */
	public List<String> statements(boolean addColumns, @Nullable String deferFor) {
		List<String> statements = new ArrayList<>();
		Set<String> schemas = new LinkedHashSet<>();
		boolean anyColumns = addColumns && !this.addColumns.isEmpty();
		if (this.toCreate.isEmpty() && !anyColumns) {
			return statements;
		}
		this.types.forEach((type) -> schemas.add(type.schema()));
		this.sequences.forEach((sequence) -> schemas.add(sequence.sequence().schema()));
		this.toCreate.forEach((definition) -> schemas.add(definition.table().schema()));
		// An existing schema gets no CREATE SCHEMA IF NOT EXISTS: PostgreSQL checks CREATE on the
		// database before it looks whether the schema exists, so the statement would fail for a role
		// that may create tables in the schema but not schemas in the database.
		schemas.removeAll(this.existingSchemas);
		schemas.forEach((schema) -> statements.add("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema)));
		statements.addAll(this.extensions);
		this.types.forEach((type) -> statements.add(createType(type)));
		this.sequences.forEach((sequence) -> statements.add(sequence.createSql()));
		for (TableDefinition definition : this.toCreate) {
			statements.add(definition.createTableSql());
			if (definition.details().parent() != null && definition.details().primaryKey() != null) {
				statements.add(alter(definition.table(), "ADD " + definition.details().primaryKey()));
			}
		}
		Map<TableName, List<String>> deferred = new LinkedHashMap<>();
		Map<TableName, List<String>> deferredAfterAll = new LinkedHashMap<>();
		for (TableDefinition definition : this.toCreate) {
			String identityIndex = identityIndex(definition);
			List<String> later = deferred.computeIfAbsent(definition.table(), (table) -> new ArrayList<>());
			for (String constraint : definition.details().constraints()) {
				String sql = alter(definition.table(), "ADD " + constraint);
				boolean needed = identityIndex != null && constraint.startsWith("CONSTRAINT " + identityIndex + " ");
				((deferFor != null && !needed) ? later : statements).add(sql);
			}
			for (String index : definition.details().indexes()) {
				boolean needed = identityIndex != null
						&& index.matches("CREATE (UNIQUE )?INDEX " + Pattern.quote(identityIndex) + " ON .*");
				((deferFor != null && !needed) ? later : statements).add(index);
			}
		}
		for (TableDefinition definition : this.toCreate) {
			List<String> later = deferredAfterAll.computeIfAbsent(definition.table(), (table) -> new ArrayList<>());
			definition.details()
				.foreignKeys()
				.stream()
				.filter((foreignKey) -> this.foreignKeyTargets.contains(foreignKey.references()))
				.forEach((foreignKey) -> ((deferFor != null) ? later : statements)
					.add(alter(definition.table(), "ADD " + foreignKey.constraint())));
		}
		for (TableDefinition definition : this.toCreate) {
			if (definition.details().replicaIdentity() != null) {
				statements.add(alter(definition.table(), "REPLICA IDENTITY " + definition.details().replicaIdentity()));
			}
		}
		Set<TableName> created = this.toCreate.stream().map(TableDefinition::table).collect(Collectors.toSet());
		for (SequenceDefinition sequence : this.sequences) {
			if (sequence.ownedBy() != null) {
				statements.add("ALTER SEQUENCE " + sequence.sequence().quoted() + " OWNED BY " + sequence.ownedBy());
			}
		}
		if (anyColumns) {
			this.addColumns.forEach((table, columns) -> {
				if (!created.contains(table) && !columns.isEmpty()) {
					statements.add(alter(table, columns.stream()
						.map((column) -> "ADD COLUMN IF NOT EXISTS " + column.addable().toSql())
						.collect(Collectors.joining(", "))));
				}
			});
		}
		if (deferFor != null) {
			statements.addAll(DeferredDdl.record(deferFor, deferred, deferredAfterAll));
		}
		return statements;
	}

	/** The quoted name of the index a {@code REPLICA IDENTITY USING INDEX} names, or a name no index has. */
	private static String identityIndex(TableDefinition definition) {
		String identity = definition.details().replicaIdentity();
		return (identity != null && identity.startsWith("USING INDEX ")) ? identity.substring("USING INDEX ".length())
				: "\u0000";
	}

	private static String alter(TableName table, String change) {
		return "ALTER TABLE " + table.quoted() + " " + change;
	}

	private static String createType(TypeDefinition type) {
		if (type.kind() == TypeDefinition.Kind.DOMAIN) {
			return "CREATE DOMAIN " + type.quoted() + " AS " + type.definition();
		}
		return "CREATE TYPE " + type.quoted() + " AS " + type.definition();
	}

	/** Creates the missing tables in one transaction: all of them or none. */
	public void createMissing(PgSession subscriber) {
		if (!this.toCreate.isEmpty()) {
			subscriber.executeInTransaction(createStatements());
		}
	}

}
