package io.pgrepl.core.publication;

import java.util.List;
import java.util.stream.Collectors;

import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.PublicationDefinition;
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
		else if (!definition.tables().isEmpty()) {
			sql.append(" FOR TABLE ").append(quotedList(definition.tables()));
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

	/** {@code ALTER PUBLICATION ... ADD TABLE} for these tables. */
	public static String addTables(String publication, List<TableName> tables) {
		return alter(publication, "ADD TABLE " + quotedList(tables));
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

	private static String quotedList(List<TableName> tables) {
		return tables.stream().map(TableName::quoted).collect(Collectors.joining(", "));
	}

}
