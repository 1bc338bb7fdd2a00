package io.pgrepl.core.model;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code statement_timeout} and {@code lock_timeout} under which pgrepl's statements run on the
 * managed database, so that no statement of a reconcile or a health check waits forever: not for a
 * lock the application holds, not for a publisher that does not answer a {@code CREATE
 * SUBSCRIPTION}. A zero duration leaves the server's setting alone.
 *
 * @param statement the longest a statement may run
 * @param lock the longest a statement may wait for a lock
 */
public record SessionTimeouts(Duration statement, Duration lock) {

	/** 30 seconds per statement, 10 seconds per lock wait. */
	public static final SessionTimeouts DEFAULTS = new SessionTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(10));

	public SessionTimeouts {
		Objects.requireNonNull(statement, "statement");
		Objects.requireNonNull(lock, "lock");
		if (statement.isNegative() || lock.isNegative()) {
			throw new IllegalArgumentException("timeouts cannot be negative");
		}
	}

	/** The statement timeout as PostgreSQL reads it. */
	public String statementSetting() {
		return this.statement.toMillis() + "ms";
	}

	/** The lock timeout as PostgreSQL reads it. */
	public String lockSetting() {
		return this.lock.toMillis() + "ms";
	}

}
