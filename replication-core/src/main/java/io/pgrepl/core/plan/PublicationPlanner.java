package io.pgrepl.core.plan;

import java.util.List;
import java.util.stream.Collectors;

import io.pgrepl.core.model.Message;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.plan.PlanAction.Kind;
import io.pgrepl.core.publication.PublicationSql;
import io.pgrepl.core.status.PublicationInfo;

/** The part of a {@link Plan} for one publication. */
final class PublicationPlanner {

	private PublicationPlanner() {
	}

	static void plan(DesiredPublication desired, CatalogSnapshot snapshot, List<PlanAction> actions,
			List<Message> warnings) {
		String name = desired.name();
		PublicationDefinition definition = desired.definition();
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
			List<TableName> missing = definition.tables().stream().filter((table) -> !current.tables().contains(table)).toList();
			if (!missing.isEmpty()) {
				actions.add(PlanAction.of(Kind.ADD_TABLES, name,
						"add " + names(missing) + " to publication '" + name + "'",
						PlanStatement.onPublisher(PublicationSql.addTables(name, missing))));
			}
			List<TableName> undeclared = current.tables().stream().filter((table) -> !definition.tables().contains(table)).toList();
			if (desired.prune() && !undeclared.isEmpty()) {
				actions.add(PlanAction.of(Kind.DROP_TABLES, name,
						"drop " + names(undeclared) + " from publication '" + name + "' (prune)",
						PlanStatement.onPublisher(PublicationSql.dropTables(name, undeclared))));
			}
		}
		if (!current.operations().equals(definition.operations())
				|| current.publishViaPartitionRoot() != definition.publishViaPartitionRoot()) {
			actions.add(PlanAction.of(Kind.ALTER_PUBLICATION, name,
					"publish " + definition.publishParameter() + " (publish_via_partition_root = "
							+ definition.publishViaPartitionRoot() + ") in publication '" + name + "'",
					PlanStatement.onPublisher(PublicationSql.setOptions(name, definition))));
		}
	}

	static String names(List<TableName> tables) {
		return tables.stream().map(TableName::toString).collect(Collectors.joining(", "));
	}

}
