package io.pgrepl.core.plan;

import io.pgrepl.core.model.Message;
import io.pgrepl.core.model.SettingNames;
import io.pgrepl.core.model.SettingRef;

/**
 * Something in the desired state that cannot be carried out, found before any change.
 *
 * @param setting the object or setting at fault, e.g. the publisher host of subscription {@code s}
 * @param message what is wrong (never a password)
 * @param action what to do about it
 */
public record DesiredStateProblem(SettingRef setting, Message message, Message action) {

	/** A problem whose message and action name no other setting. */
	public DesiredStateProblem(SettingRef setting, String message, String action) {
		this(setting, Message.of(message), Message.of(action));
	}

	/** One line, settings named as {@code names} calls them. */
	public String describe(SettingNames names) {
		return names.name(this.setting) + ": " + this.message.render(names) + " (" + this.action.render(names) + ")";
	}

	@Override
	public String toString() {
		return describe(SettingNames.CORE);
	}

}
