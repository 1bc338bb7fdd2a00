package io.pgrepl.core.model;

/**
 * An argument that pgrepl refuses before touching the database: an empty or over-long name, a
 * slot name PostgreSQL would reject, a contradictory definition.
 */
public class ReplicationArgumentException extends ReplicationException {

	private final String argument;

	private final String reason;

	public ReplicationArgumentException(String argument, String message) {
		this(argument, message, message);
	}

	/**
	 * @param argument name of the offending argument
	 * @param message the message, naming the argument
	 * @param reason what is wrong without naming the argument, for callers that name it their own way
	 */
	public ReplicationArgumentException(String argument, String message, String reason) {
		super(message);
		this.argument = argument;
		this.reason = reason;
	}

	/** Name of the offending argument, e.g. {@code slotName} or {@code tables[2]}. */
	public String getArgument() {
		return this.argument;
	}

	/**
	 * What is wrong, without the argument's name, e.g. {@code must not be empty}; the whole message
	 * when the argument is not part of it.
	 */
	public String getReason() {
		return this.reason;
	}

}
