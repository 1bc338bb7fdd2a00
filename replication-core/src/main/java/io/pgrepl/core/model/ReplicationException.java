package io.pgrepl.core.model;

import org.jspecify.annotations.Nullable;

/**
 * Root of every failure pgrepl reports. Messages say what to do next and never carry a password.
 */
public class ReplicationException extends RuntimeException {

	public ReplicationException(String message) {
		super(message);
	}

	public ReplicationException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
