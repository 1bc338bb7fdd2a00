package io.pgrepl.core.plan;

import io.pgrepl.core.model.ReplicationException;

/**
 * The catalog differs from the desired state and the caller asked only to validate: the message
 * lists every difference, passwords masked. Nothing was changed.
 */
public class PendingChangesException extends ReplicationException {

	private final Plan plan;

	public PendingChangesException(Plan plan) {
		super("The database differs from the declared replication state; nothing was changed. Differences:"
				+ plan.describe());
		this.plan = plan;
	}

	/** The plan that would make the catalog match. */
	public Plan getPlan() {
		return this.plan;
	}

}
