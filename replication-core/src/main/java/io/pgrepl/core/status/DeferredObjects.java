package io.pgrepl.core.status;

import java.util.List;

import io.pgrepl.core.model.TableName;

/**
 * Objects of a table pgrepl created whose building waits for the initial copy, recorded in
 * {@code pgrepl.deferred_ddl} on the subscriber.
 *
 * @param subscription the subscription that copies the table
 * @param table the table
 * @param afterAll whether they wait for every table of the subscription (foreign keys, which
 * check rows of other tables) rather than for this table and its partitions
 * @param statements the statements, in order
 * @param ready whether what they wait for has reached sync state {@code r}
 */
public record DeferredObjects(String subscription, TableName table, boolean afterAll, List<String> statements,
		boolean ready) {

	public DeferredObjects {
		statements = List.copyOf(statements);
	}

}
