package io.pgrepl.core.plan;

import java.util.List;
import java.util.stream.Collectors;

import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.SettingNames;

/**
 * The desired state cannot be carried out: every problem found, each naming its setting. Raised
 * before any change, so nothing was created, altered or dropped.
 */
public class DesiredStateException extends ReplicationException {

	private final List<DesiredStateProblem> problems;

	/** Problems named in the core's words. */
	public DesiredStateException(List<DesiredStateProblem> problems) {
		this(problems, SettingNames.CORE);
	}

	/**
	 * @param problems every problem found
	 * @param names what the settings are called where they were declared, for the message
	 */
	public DesiredStateException(List<DesiredStateProblem> problems, SettingNames names) {
		super(message(problems, names));
		this.problems = List.copyOf(problems);
	}

	public List<DesiredStateProblem> getProblems() {
		return this.problems;
	}

	private static String message(List<DesiredStateProblem> problems, SettingNames names) {
		return "Invalid replication configuration, nothing was changed:" + problems.stream()
			.map((problem) -> "\n - " + names.name(problem.setting()) + ": " + problem.message().render(names)
					+ "\n   Action: " + problem.action().render(names))
			.collect(Collectors.joining());
	}

}
