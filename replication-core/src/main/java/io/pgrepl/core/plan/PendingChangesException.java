package io.pgrepl.core.plan;

import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.SettingNames;

/**
 * The catalog differs from the desired state and the caller asked only to validate: the message
 * lists every difference, passwords masked. Nothing was changed.
 */
public class PendingChangesException extends ReplicationException {

	private final Plan plan;

	/** Differences named in the core's words. */
	public PendingChangesException(Plan plan) {
		this(plan, SettingNames.CORE);
	}

	/**
	 * @param plan the plan that would make the catalog match
	 * @param names what the settings are called where they were declared, for the message
	 */
	public PendingChangesException(Plan plan, SettingNames names) {
		super("The database differs from the declared replication state; nothing was changed. Differences:"
				+ plan.describe(names));
		this.plan = plan;
	}

	/** The plan that would make the catalog match. */
	public Plan getPlan() {
		return this.plan;
	}

}
