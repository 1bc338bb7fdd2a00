package io.pgrepl.autoconfigure;

import io.pgrepl.core.plan.PendingChangesException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a failed {@code replication.mode=validate}: the differences, and how to resolve them. */
class PendingChangesFailureAnalyzer extends AbstractFailureAnalyzer<PendingChangesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PendingChangesException cause) {
		return new FailureAnalysis(PropertyNames.MODE + " is validate and the database differs from the replication "
				+ "configuration:" + cause.getPlan().describe(PropertyNames.NAMES),
				"Start once with " + PropertyNames.MODE + "=apply (or make the changes by hand), or change replication.* "
						+ "to match the database.",
				cause);
	}

}
