package io.pgrepl.core.sequence;

import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.SequenceValue;
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
 * @param publisherValue the publisher's {@code last_value} and {@code is_called}, {@code null} when it
 * cannot be read
 * @param before the subscriber's before, {@code null} when it is missing
 * @param after the subscriber's after: the publisher's, plus the safety margin, with its
 * {@code is_called}, so that the subscriber's next {@code nextval} returns what the publisher's
 * would (plus the margin); or {@code before} when left alone
 * @param outcome what was done
 */
public record SequenceSyncResult(TableName sequence, @Nullable TableName subscriberSequence,
		@Nullable TableName ownedBy, @Nullable String column, @Nullable SequenceValue publisherValue,
		@Nullable SequenceValue before, @Nullable SequenceValue after, Outcome outcome) {

	/** What sequence sync did to a sequence. */
	public enum Outcome {

		/** Set to the publisher's value (plus the safety margin). */
		SET,

		/** Missing on the subscriber, created (tables are created there too) and set. */
		CREATED,

		/**
		 * Left alone: the subscriber's next {@code nextval} already returns the target's, or one past
		 * it; sync never goes back.
		 */
		AHEAD,

		/** Nothing stands for it on the subscriber: create it, or the subscriber hands out taken values. */
		MISSING,

		/**
		 * This role may not read it on the publisher: grant SELECT on it ({@code USAGE} shows its value
		 * only once {@code nextval} was called).
		 */
		UNREADABLE

	}

}
