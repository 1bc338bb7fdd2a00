package io.pgrepl.core.model;

import org.jspecify.annotations.Nullable;

/**
 * A statement or connection that PostgreSQL refused. The message names what pgrepl was doing and
 * the server's answer, with passwords masked; {@link #getSqlState()} tells the class of failure
 * (for example {@code 08001} cannot connect, {@code 28P01} authentication failed).
 */
public class ReplicationSqlException extends ReplicationException {

	private final @Nullable String sqlState;

	public ReplicationSqlException(String message, @Nullable String sqlState, @Nullable Throwable cause) {
		super(message, cause);
		this.sqlState = sqlState;
	}

	public @Nullable String getSqlState() {
		return this.sqlState;
	}

	/** Whether the server could not be reached at all (SQLSTATE class 08). */
	public boolean isConnectionFailure() {
		return this.sqlState != null && this.sqlState.startsWith("08");
	}

	/** Whether the server refused the credentials (SQLSTATE class 28). */
	public boolean isAuthenticationFailure() {
		return this.sqlState != null && this.sqlState.startsWith("28");
	}

}
