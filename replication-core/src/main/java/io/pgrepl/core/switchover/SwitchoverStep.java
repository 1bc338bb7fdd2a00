package io.pgrepl.core.switchover;

import java.util.List;

/**
 * One step of a switchover, as it ran (or would run).
 *
 * @param step which step
 * @param outcome what became of it
 * @param detail what it found or did, in a sentence
 * @param statements the statements that changed something, in order
 * @param millis how long it took
 */
public record SwitchoverStep(Step step, Outcome outcome, String detail, List<String> statements, long millis) {

	public SwitchoverStep {
		statements = List.copyOf(statements);
	}

	/** The steps, in the order they run. */
	public enum Step {

		/** Every table ready, the lag under the threshold, the roles exist, and optionally verified. */
		PREFLIGHT,

		/**
		 * The roles' sessions default to read-only in the publisher database, and are ended: the step
		 * is done once they are gone.
		 */
		STOP_WRITES,

		/** Wait until the subscriber holds everything the publisher committed. */
		CATCH_UP,

		/** The subscriber's sequences set to the publisher's values. */
		SYNC_SEQUENCES,

		/** Every table compared, with no writes running. */
		VERIFY,

		/** The subscription dropped or disabled, optionally the publications dropped. */
		FINISH,

		/** The roles' settings restored after a failed step. */
		ROLLBACK

	}

	/** What became of a step. */
	public enum Outcome {

		/** Dry run: it would run. */
		PLANNED, DONE, SKIPPED, FAILED

	}

}
