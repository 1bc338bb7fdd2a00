package io.pgrepl.core.switchover;

import java.util.List;
import java.util.Optional;

import io.pgrepl.core.model.Identifiers;

/** The statements of a switchover on the publisher, built without a connection. */
final class SwitchoverSql {

	static final String READ_ONLY = "default_transaction_read_only";

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

	/** Ends the roles' sessions in this database, except this one and walsenders. */
	static String terminate(List<String> roles) {
		String names = String.join(", ", roles.stream().map(Identifiers::literal).toList());
		return "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() "
				+ "and usename in (" + names + ") and pid <> pg_backend_pid() and backend_type = 'client backend'";
	}

}
