package io.pgrepl.core.plan;

import java.util.List;
import java.util.stream.Collectors;

import io.pgrepl.core.model.Message;
import io.pgrepl.core.model.SettingNames;

/**
 * The ordered changes that make the catalog match a {@link DesiredState}, and the differences
 * that PostgreSQL cannot change in place (reported, never executed).
 *
 * @param actions the changes, in the order they run
 * @param warnings differences left as they are, each saying why and what to do
 */
public record Plan(List<PlanAction> actions, List<Message> warnings) {

	public Plan {
		actions = List.copyOf(actions);
		warnings = List.copyOf(warnings);
	}

	/** Whether running the plan would change nothing. */
	public boolean hasNoActions() {
		return this.actions.isEmpty();
	}

	/** Whether the catalog matches the desired state exactly: no action and no warning. */
	public boolean isEmpty() {
		return this.actions.isEmpty() && this.warnings.isEmpty();
	}

	/** Actions and warnings, one per line, passwords masked, settings in the core's words. */
	public String describe() {
		return describe(SettingNames.CORE);
	}

	/**
	 * Actions and warnings, one per line, passwords masked, settings named as {@code names} calls
	 * them.
	 */
	public String describe(SettingNames names) {
		return this.actions.stream().map((action) -> "\n - " + action).collect(Collectors.joining())
				+ this.warnings.stream().map((warning) -> "\n - (cannot be changed in place) " + warning.render(names))
					.collect(Collectors.joining());
	}

}
