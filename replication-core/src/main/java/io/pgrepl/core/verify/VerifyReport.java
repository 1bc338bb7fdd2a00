package io.pgrepl.core.verify;

import java.time.Duration;
import java.util.List;

import io.pgrepl.core.verify.TableVerification.Status;

/**
 * What one verification found.
 *
 * @param subscription the subscription verified
 * @param tables each published table, sorted by name
 * @param elapsed the time taken
 */
public record VerifyReport(String subscription, List<TableVerification> tables, Duration elapsed) {

	public VerifyReport {
		tables = List.copyOf(tables);
	}

	/** Whether every table has the same rows on both sides. */
	public boolean equal() {
		return this.tables.stream().allMatch((table) -> table.status() == Status.EQUAL);
	}

	/** The tables that differ or are missing. */
	public List<TableVerification> differing() {
		return this.tables.stream().filter((table) -> table.status() != Status.EQUAL).toList();
	}

	/** Rows compared on the publisher, over all tables. */
	public long rowsCompared() {
		return this.tables.stream().mapToLong(TableVerification::publisherRows).sum();
	}

}
