package io.pgrepl.core.verify;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A primary-key range whose rows still differed after every round.
 *
 * @param after the range's lower bound, exclusive ({@code null}: none, the range starts with the
 * table)
 * @param upTo the range's upper bound, inclusive ({@code null}: none, the range past the publisher's
 * highest key, or the whole table when the publisher's is empty or has no primary key)
 * @param publisherRows rows in the range on the publisher
 * @param subscriberRows rows in the range on the subscriber
 * @param differingRows rows that differ ({@code -1} for a table without primary key, whose rows
 * cannot be told apart)
 * @param samples a few of them
 */
public record ChunkDifference(@Nullable List<String> after, @Nullable List<String> upTo, long publisherRows,
		long subscriberRows, long differingRows, List<KeyDifference> samples) {

	public ChunkDifference {
		samples = List.copyOf(samples);
	}

}
