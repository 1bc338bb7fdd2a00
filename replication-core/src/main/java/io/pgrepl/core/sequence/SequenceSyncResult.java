package io.pgrepl.core.sequence;

import io.pgrepl.core.model.TableName;
import org.jspecify.annotations.Nullable;

/**
 * What sequence sync did to one sequence.
 *
 * @param sequence the sequence on the publisher
 * @param subscriberSequence the sequence that stands for it on the subscriber (owned by the same
 * table column, or else of the same name), or {@code null} when there is none
 * @param ownedBy the published table whose identity or serial column owns it, or {@code null} for a
 * listed standalone sequence
 * @param column that column, or {@code null}
 * @param publisherValue the publisher's {@code last_value}, {@code null} when it was never used
 * @param before the subscriber's {@code last_value} before, {@code null} when never used or missing
 * @param after the subscriber's {@code last_value} after
 * @param outcome what was done
 */
public record SequenceSyncResult(TableName sequence, @Nullable TableName subscriberSequence,
		@Nullable TableName ownedBy, @Nullable String column, @Nullable Long publisherValue, @Nullable Long before,
		@Nullable Long after, Outcome outcome) {

	/** What sequence sync did to a sequence. */
	public enum Outcome {

		/** Set to the publisher's value (plus the safety margin). */
		SET,

		/** Missing on the subscriber, created (tables are created there too) and set. */
		CREATED,

		/** Left alone: the subscriber's value is already at or past the target; sync never goes back. */
		AHEAD,

		/** Left alone: never used on the publisher, so the subscriber's start value is right. */
		UNUSED,

		/** Nothing stands for it on the subscriber: create it, or the subscriber hands out taken values. */
		MISSING,

		/** This role may not read it on the publisher (grant SELECT or USAGE on it). */
		UNREADABLE

	}

}
