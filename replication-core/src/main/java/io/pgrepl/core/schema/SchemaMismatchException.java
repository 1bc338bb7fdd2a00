package io.pgrepl.core.schema;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.TableName;

/**
 * Subscriber tables that exist but cannot receive what the publisher sends, because they lack
 * published columns. Nothing was created or subscribed.
 */
public class SchemaMismatchException extends ReplicationException {

	private final Map<TableName, List<String>> missingColumns;

	public SchemaMismatchException(Map<TableName, List<String>> missingColumns) {
		super("Subscriber tables lack columns the publisher publishes: " + missingColumns.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + " lacks " + String.join(", ", entry.getValue()))
			.collect(Collectors.joining("; "))
				+ ". Add the columns on the subscriber (ALTER TABLE ... ADD COLUMN) before subscribing");
		this.missingColumns = Map.copyOf(missingColumns);
	}

	/** For each table, the published columns it lacks. */
	public Map<TableName, List<String>> getMissingColumns() {
		return this.missingColumns;
	}

}
