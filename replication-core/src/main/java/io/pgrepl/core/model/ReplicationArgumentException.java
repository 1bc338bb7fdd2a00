package io.pgrepl.core.model;

/**
 * An argument that pgrepl refuses before touching the database: an empty or over-long name, a
 * slot name PostgreSQL would reject, a contradictory definition.
 */
public class ReplicationArgumentException extends ReplicationException {

	private final String argument;

	public ReplicationArgumentException(String argument, String message) {
		super(message);
		this.argument = argument;
	}

	/** Name of the offending argument, e.g. {@code slotName} or {@code tables[2]}. */
	public String getArgument() {
		return this.argument;
	}

}
