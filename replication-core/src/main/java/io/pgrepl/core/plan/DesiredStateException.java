package io.pgrepl.core.plan;

import java.util.List;
import java.util.stream.Collectors;

import io.pgrepl.core.model.ReplicationException;

/**
 * The desired state cannot be carried out: every problem found, each naming its setting. Raised
 * before any change, so nothing was created, altered or dropped.
 */
public class DesiredStateException extends ReplicationException {

	private final List<DesiredStateProblem> problems;

	public DesiredStateException(List<DesiredStateProblem> problems) {
		super(message(problems));
		this.problems = List.copyOf(problems);
	}

	public List<DesiredStateProblem> getProblems() {
		return this.problems;
	}

	private static String message(List<DesiredStateProblem> problems) {
		return "Invalid replication configuration, nothing was changed:" + problems.stream()
			.map((problem) -> "\n - " + problem.property() + ": " + problem.message() + "\n   Action: " + problem.action())
			.collect(Collectors.joining());
	}

}
