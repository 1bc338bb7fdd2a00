package io.pgrepl.core.sequence;

import java.util.List;

import io.pgrepl.core.model.TableName;
import io.pgrepl.core.sequence.SequenceSyncResult.Outcome;

/**
 * What one sequence sync did.
 *
 * @param subscription the subscription whose sequences were synced
 * @param sequences each sequence, sorted by its publisher name
 * @param notOnPublisher listed sequences that the publisher does not have
 * @param safetyMargin what was added to each publisher value (in the direction of the increment)
 */
public record SequenceSyncReport(String subscription, List<SequenceSyncResult> sequences,
		List<TableName> notOnPublisher, long safetyMargin) {

	public SequenceSyncReport {
		sequences = List.copyOf(sequences);
		notOnPublisher = List.copyOf(notOnPublisher);
	}

	/** Whether every sequence now stands at or past the publisher's value on the subscriber. */
	public boolean complete() {
		return this.notOnPublisher.isEmpty() && this.sequences.stream()
			.noneMatch((sequence) -> sequence.outcome() == Outcome.MISSING || sequence.outcome() == Outcome.UNREADABLE);
	}

	/** The sequences the subscriber lacks. */
	public List<TableName> missing() {
		return this.sequences.stream()
			.filter((sequence) -> sequence.outcome() == Outcome.MISSING)
			.map(SequenceSyncResult::sequence)
			.toList();
	}

}
