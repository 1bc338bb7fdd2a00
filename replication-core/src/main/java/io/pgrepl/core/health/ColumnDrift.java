package io.pgrepl.core.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.pgrepl.core.internal.catalog.SubscribedColumnsCatalog.SubscribedTable;
import io.pgrepl.core.model.TableName;

/**
 * Published columns a subscriber's table lacks. PostgreSQL does not replicate DDL: once the
 * publisher adds a column, the apply worker stops at the first change to that table ("logical
 * replication target relation ... is missing replicated columns") and retries until the subscriber
 * has it. Names are compared, not types: a type mismatch fails the apply with an error of its own.
 * No SQL, so the rule can be tested on records.
 */
final class ColumnDrift {

	private ColumnDrift() {
	}

	/**
	 * The columns each subscribed table lacks, tables in the order given, columns in the
	 * publisher's order.
	 * @param subscribed the subscription's tables with their columns on the subscriber
	 * @param published the columns each publication sends of each table, by publication
	 */
	static Map<TableName, List<String>> missing(List<SubscribedTable> subscribed,
			Map<String, Map<TableName, List<String>>> published) {
		Map<TableName, List<String>> missing = new LinkedHashMap<>();
		for (SubscribedTable table : subscribed) {
			// several publications may send the same table, each with its own column list
			Set<String> sent = new LinkedHashSet<>();
			for (String publication : table.publications()) {
				sent.addAll(published.getOrDefault(publication, Map.of()).getOrDefault(table.table(), List.of()));
			}
			List<String> lacking = sent.stream().filter((column) -> !table.columns().contains(column)).toList();
			if (!lacking.isEmpty()) {
				missing.put(table.table(), lacking);
			}
		}
		return missing;
	}

	/** Whether the issue is one of these drift issues. */
	static boolean isDrift(SubscriptionHealth health, String issue) {
		return issue.startsWith(prefix(health.name()));
	}

	/** {@code health} with these issues added (drift found by an earlier snapshot). */
	static SubscriptionHealth withIssues(SubscriptionHealth health, List<String> drift) {
		if (drift.isEmpty()) {
			return health;
		}
		List<String> issues = new ArrayList<>(health.issues());
		issues.addAll(drift);
		return health.withFindings(issues, health.warnings());
	}

	private static String prefix(String subscription) {
		return "tables of subscription '" + subscription + "' lack columns the publisher publishes: ";
	}

	/** {@code health} with an issue naming each table and the published columns it lacks. */
	static SubscriptionHealth withIssue(SubscriptionHealth health, Map<TableName, List<String>> missing) {
		if (missing.isEmpty()) {
			return health;
		}
		return withIssues(health, List.of(prefix(health.name()) + missing.entrySet()
					.stream()
					.map((entry) -> entry.getKey() + " (" + String.join(", ", entry.getValue()) + ")")
					.collect(Collectors.joining(", "))
				+ "; changes to those tables cannot be applied (\"logical replication target relation ... is missing "
				+ "replicated columns\"), and the apply worker retries until they exist: add them here (ALTER TABLE "
				+ "... ADD COLUMN with the publisher's type), or set createTables for the subscription so the next "
				+ "start adds them"));
	}

}
