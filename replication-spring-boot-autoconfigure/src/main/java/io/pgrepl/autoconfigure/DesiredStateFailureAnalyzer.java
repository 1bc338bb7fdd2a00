package io.pgrepl.autoconfigure;

import java.util.stream.Collectors;

import io.pgrepl.core.plan.DesiredStateException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a replication configuration that cannot be carried out: each problem with its property
 * and what to do. Nothing was changed in the database.
 */
class DesiredStateFailureAnalyzer extends AbstractFailureAnalyzer<DesiredStateException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DesiredStateException cause) {
		String description = "The replication configuration cannot be carried out; nothing was changed in the database:\n"
				+ cause.getProblems()
					.stream()
					.map((problem) -> "\n    Property: " + PropertyNames.of(problem.setting()) + "\n    Problem:  "
							+ problem.message().render(PropertyNames.NAMES))
					.collect(Collectors.joining("\n"));
		String action = cause.getProblems()
			.stream()
			.map((problem) -> PropertyNames.of(problem.setting()) + ": " + problem.action().render(PropertyNames.NAMES))
			.collect(Collectors.joining("\n"));
		return new FailureAnalysis(description, action, cause);
	}

}
