package io.pgrepl.core.verify;

import java.time.Duration;
import java.util.List;

import io.pgrepl.core.model.TableName;
import org.jspecify.annotations.Nullable;

/**
 * The comparison of one published table.
 *
 * @param table the table
 * @param status the outcome
 * @param publisherRows rows compared on the publisher (those the row filter publishes)
 * @param subscriberRows rows compared on the subscriber
 * @param chunks how many key ranges were compared
 * @param differences the ranges that differ, persistently
 * @param rowFilter the row filter honoured, or {@code null}
 * @param columns the columns compared
 * @param note why the table could not be compared, or {@code null}
 * @param elapsed the time taken
 */
public record TableVerification(TableName table, Status status, long publisherRows, long subscriberRows, int chunks,
		List<ChunkDifference> differences, @Nullable String rowFilter, List<String> columns, @Nullable String note,
		Duration elapsed) {

	public TableVerification {
		differences = List.copyOf(differences);
		columns = List.copyOf(columns);
	}

	/** The outcome of a table's comparison. */
	public enum Status {

		/** Every chunk has the same rows on both sides. */
		EQUAL,

		/** Some chunk differs, after every round. */
		DIFFERENT,

		/** The subscriber lacks the table or a published column. */
		MISSING_ON_SUBSCRIBER

	}

}
