package io.pgrepl.core.switchover;

import java.util.List;
import java.util.Optional;

import io.pgrepl.core.model.Identifiers;

/** The statements of a switchover on the publisher, built without a connection. */
final class SwitchoverSql {

	static final String READ_ONLY = "default_transaction_read_only";

	/**
	 * Which of the sessions {@link #terminate(List)} signalled are still running, given as two
	 * parallel arrays of their {@code pid} and {@code backend_start}.
	 */
	static final String STILL_RUNNING = "select a.pid from pg_stat_activity a "
			+ "join unnest(?::text[], ?::text[]) as s(pid, backend_start) "
			+ "on a.pid = s.pid::int and a.backend_start = s.backend_start::timestamptz order by a.pid";

	private SwitchoverSql() {
	}

	/** New sessions of the role in this database start read-only. */
	static String readOnly(String role, String database) {
		return "ALTER ROLE " + Identifiers.quote(role) + " IN DATABASE " + Identifiers.quote(database) + " SET "
				+ READ_ONLY + " = on";
	}

	/** The role's setting in this database as it was before. */
	static String restore(String role, String database, Optional<String> previous) {
		String target = "ALTER ROLE " + Identifiers.quote(role) + " IN DATABASE " + Identifiers.quote(database);
		return previous.map((value) -> target + " SET " + READ_ONLY + " = " + Identifiers.literal(value))
			.orElse(target + " RESET " + READ_ONLY);
	}

	/**
	 * Signals the roles' sessions in this database to end, except this one and walsenders; returns
	 * each one's {@code pid} and {@code backend_start}, which tell it from a later session that
	 * happens to get the same pid.
	 */
	static String terminate(List<String> roles) {
		String names = String.join(", ", roles.stream().map(Identifiers::literal).toList());
		return "select pid, backend_start::text, pg_terminate_backend(pid) from pg_stat_activity "
				+ "where datname = current_database() and usename in (" + names + ") and pid <> pg_backend_pid() "
				+ "and backend_type = 'client backend'";
	}

}
