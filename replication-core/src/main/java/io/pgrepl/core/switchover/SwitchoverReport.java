package io.pgrepl.core.switchover;

import java.util.List;

import io.pgrepl.core.sequence.SequenceSyncReport;
import io.pgrepl.core.verify.VerifyReport;
import org.jspecify.annotations.Nullable;

/**
 * What a switchover did.
 *
 * @param subscription the subscription switched over
 * @param dryRun whether it was a dry run
 * @param completed whether the subscriber took over: writes stay stopped on the publisher
 * @param rolledBack whether a step failed and the publisher takes writes again, the subscription
 * still replicating
 * @param failure the failed step's error, or {@code null}
 * @param steps the steps, in order
 * @param writeBlockedMillis how long the roles could not write anywhere: from stopping their writes
 * to the end of the last step (or of the rollback); {@code null} when writes were never stopped
 * @param sequences the sequence sync, or {@code null} when it did not run
 * @param verification the last verification, or {@code null}
 */
public record SwitchoverReport(String subscription, boolean dryRun, boolean completed, boolean rolledBack,
		@Nullable String failure, List<SwitchoverStep> steps, @Nullable Long writeBlockedMillis,
		@Nullable SequenceSyncReport sequences, @Nullable VerifyReport verification) {

	public SwitchoverReport {
		steps = List.copyOf(steps);
	}

}
