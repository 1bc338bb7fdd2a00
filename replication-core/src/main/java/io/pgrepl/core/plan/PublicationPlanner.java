package io.pgrepl.core.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.pgrepl.core.model.Message;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.PublicationTable;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.plan.PlanAction.Kind;
import io.pgrepl.core.publication.PublicationSql;
import io.pgrepl.core.status.PublicationInfo;
import io.pgrepl.core.status.RowFilter;

/** The part of a {@link Plan} for one publication. */
final class PublicationPlanner {

	private PublicationPlanner() {
	}

	static void plan(DesiredPublication desired, CatalogSnapshot snapshot, List<PlanAction> actions,
			List<Message> warnings) {
		String name = desired.name();
		PublicationDefinition definition = desired.published(snapshot.version());
		PublicationInfo current = snapshot.publications().get(name);
		if (current == null) {
			actions.add(PlanAction.of(Kind.CREATE_PUBLICATION, name, "create publication '" + name + "'",
					PlanStatement.onPublisher(PublicationSql.create(name, definition))));
			return;
		}
		if (current.allTables() != definition.allTables()) {
			// PostgreSQL has no ALTER PUBLICATION between FOR ALL TABLES and a table list.
			warnings.add(Message.of("publication '" + name + "' is "
					+ (current.allTables() ? "FOR ALL TABLES" : "for a list of tables") + " but ",
					desired.settingRef().setting(Setting.ALL_TABLES), " is " + definition.allTables()
							+ "; PostgreSQL cannot change that in place: drop the publication (DROP PUBLICATION " + name
							+ ") to have it created again"));
		}
		else if (!definition.allTables()) {
			planTables(desired, current, snapshot, actions);
			planSchemas(desired, current, actions);
		}
		if (!current.operations().equals(definition.operations())
				|| current.publishViaPartitionRoot() != definition.publishViaPartitionRoot()) {
			actions.add(PlanAction.of(Kind.ALTER_PUBLICATION, name,
					"publish " + definition.publishParameter() + " (publish_via_partition_root = "
							+ definition.publishViaPartitionRoot() + ") in publication '" + name + "'",
					PlanStatement.onPublisher(PublicationSql.setOptions(name, definition))));
		}
	}

	private static void planTables(DesiredPublication desired, PublicationInfo current, CatalogSnapshot snapshot,
			List<PlanAction> actions) {
		String name = desired.name();
		PublicationDefinition definition = desired.published(snapshot.version());
		List<PublicationTable> missing = new ArrayList<>();
		List<PublicationTable> changed = new ArrayList<>();
		for (PublicationTable table : definition.tables()) {
			Optional<PublicationTable> present = current.table(table.table());
			if (present.isEmpty()) {
				missing.add(table);
			}
			else if (!sameRestrictions(table, present.get(), snapshot)) {
				changed.add(table);
			}
		}
		if (!missing.isEmpty()) {
			actions.add(PlanAction.of(Kind.ADD_TABLES, name, "add " + described(missing) + " to publication '" + name + "'",
					PlanStatement.onPublisher(PublicationSql.addTables(name, missing))));
		}
		if (!changed.isEmpty()) {
			actions.add(PlanAction.inTransaction(Kind.ALTER_TABLES, name,
					"publish " + described(changed) + " in publication '" + name
							+ "' (dropped and added again in one transaction; other tables untouched)",
					PublicationSql.replaceTables(name, changed).stream().map(PlanStatement::onPublisher).toList()));
		}
		List<TableName> undeclared = current.tableNames()
			.stream()
			.filter((table) -> !definition.tableNames().contains(table))
			.toList();
		if (desired.prune() && !undeclared.isEmpty()) {
			actions.add(PlanAction.of(Kind.DROP_TABLES, name,
					"drop " + names(undeclared) + " from publication '" + name + "' (prune)",
					PlanStatement.onPublisher(PublicationSql.dropTables(name, undeclared))));
		}
	}

	private static void planSchemas(DesiredPublication desired, PublicationInfo current, List<PlanAction> actions) {
		String name = desired.name();
		List<String> schemas = desired.definition().schemas();
		List<String> missing = schemas.stream().filter((schema) -> !current.schemas().contains(schema)).toList();
		if (!missing.isEmpty()) {
			actions.add(PlanAction.of(Kind.ADD_SCHEMAS, name,
					"add tables in schema " + String.join(", ", missing) + " to publication '" + name + "'",
					PlanStatement.onPublisher(PublicationSql.addSchemas(name, missing))));
		}
		List<String> undeclared = current.schemas().stream().filter((schema) -> !schemas.contains(schema)).toList();
		if (desired.prune() && !undeclared.isEmpty()) {
			actions.add(PlanAction.of(Kind.DROP_SCHEMAS, name,
					"drop tables in schema " + String.join(", ", undeclared) + " from publication '" + name + "' (prune)",
					PlanStatement.onPublisher(PublicationSql.dropSchemas(name, undeclared))));
		}
	}

	/**
	 * Whether a table already publishes what is declared. Column lists compare as sets (PostgreSQL
	 * keeps them in column order); a row filter compares as PostgreSQL deparsed it, since the
	 * catalog holds {@code (region = 'eu'::text)} for {@code region = 'eu'}.
	 */
	private static boolean sameRestrictions(PublicationTable declared, PublicationTable present,
			CatalogSnapshot snapshot) {
		if (!Set.copyOf(declared.columns()).equals(Set.copyOf(present.columns()))) {
			return false;
		}
		String declaredFilter = declared.rowFilter();
		if (declaredFilter == null || present.rowFilter() == null) {
			return declaredFilter == null && present.rowFilter() == null;
		}
		String parsed = snapshot.rowFilter(declared.table(), declaredFilter)
			.map(RowFilter::expression)
			.orElse(declaredFilter);
		return present.rowFilter().equals(parsed);
	}

	private static String described(List<PublicationTable> tables) {
		return tables.stream().map(PublicationTable::toString).collect(Collectors.joining(", "));
	}

	static String names(List<TableName> tables) {
		return tables.stream().map(TableName::toString).collect(Collectors.joining(", "));
	}

}
