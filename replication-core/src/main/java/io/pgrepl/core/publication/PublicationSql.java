package io.pgrepl.core.publication;

import java.util.List;
import java.util.stream.Collectors;

import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.PublicationTable;
import io.pgrepl.core.model.TableName;

/**
 * The statements that change a publication, built without a connection: {@link Publication} runs
 * them, and the planner shows and runs the very same strings. Every statement runs on the
 * publisher, in autocommit or in a transaction alike.
 */
public final class PublicationSql {

	private PublicationSql() {
	}

	/** {@code CREATE PUBLICATION} for this definition. */
	public static String create(String publication, PublicationDefinition definition) {
		StringBuilder sql = new StringBuilder("CREATE PUBLICATION ").append(Identifiers.quote(publication));
		if (definition.allTables()) {
			sql.append(" FOR ALL TABLES");
		}
		else if (!definition.publishedObjects().isEmpty()) {
			sql.append(" FOR ").append(definition.publishedObjects());
		}
		return sql.append(" WITH ").append(options(definition)).toString();
	}

	/**
	 * {@code ALTER PUBLICATION ... SET (...)}: the definition's operations and
	 * {@code publish_via_partition_root}. Its tables are not touched.
	 */
	public static String setOptions(String publication, PublicationDefinition definition) {
		return alter(publication, "SET " + options(definition));
	}

	/** {@code ALTER PUBLICATION ... ADD TABLE} for these tables, with their row filters and column lists. */
	public static String addTables(String publication, List<PublicationTable> tables) {
		return alter(publication, "ADD TABLE " + tables.stream().map(PublicationTable::sql).collect(Collectors.joining(", ")));
	}

	/**
	 * The statements that give these tables, already in the publication, a new row filter or
	 * column list: {@code DROP TABLE} then {@code ADD TABLE}, to run in one transaction so that no
	 * change goes unpublished in between. Not {@code SET TABLE}, which replaces the whole list and
	 * would drop the tables added by hand.
	 */
	public static List<String> replaceTables(String publication, List<PublicationTable> tables) {
		return List.of(dropTables(publication, tables.stream().map(PublicationTable::table).toList()),
				addTables(publication, tables));
	}

	/** {@code ALTER PUBLICATION ... ADD TABLES IN SCHEMA} for these schemas (PostgreSQL 15+). */
	public static String addSchemas(String publication, List<String> schemas) {
		return alter(publication, "ADD TABLES IN SCHEMA " + quotedSchemas(schemas));
	}

	/** {@code ALTER PUBLICATION ... DROP TABLES IN SCHEMA} for these schemas (PostgreSQL 15+). */
	public static String dropSchemas(String publication, List<String> schemas) {
		return alter(publication, "DROP TABLES IN SCHEMA " + quotedSchemas(schemas));
	}

	/**
	 * {@code ALTER PUBLICATION ... DROP TABLE} for these tables. Never {@code SET TABLE}: that would
	 * silently drop tables added by hand.
	 */
	public static String dropTables(String publication, List<TableName> tables) {
		return alter(publication, "DROP TABLE " + quotedList(tables));
	}

	/** {@code DROP PUBLICATION IF EXISTS}, with {@code CASCADE} if asked. */
	public static String drop(String publication, boolean cascade) {
		return "DROP PUBLICATION IF EXISTS " + Identifiers.quote(publication) + (cascade ? " CASCADE" : "");
	}

	private static String alter(String publication, String action) {
		return "ALTER PUBLICATION " + Identifiers.quote(publication) + " " + action;
	}

	private static String options(PublicationDefinition definition) {
		return "(publish = " + Identifiers.literal(definition.publishParameter()) + ", publish_via_partition_root = "
				+ definition.publishViaPartitionRoot() + ")";
	}

	private static String quotedSchemas(List<String> schemas) {
		return schemas.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
	}

	private static String quotedList(List<TableName> tables) {
		return tables.stream().map(TableName::quoted).collect(Collectors.joining(", "));
	}

}
