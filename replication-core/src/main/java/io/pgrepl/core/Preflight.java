package io.pgrepl.core;

import java.util.List;

import io.pgrepl.core.jdbc.PgSession;

/** Checks that a server can take part in logical replication, before anything is changed. */
public final class Preflight {

	private Preflight() {
	}

	/** Fails unless {@code wal_level = logical}, with what to change. */
	public static void requireLogicalWalLevel(PgSession session) {
		String walLevel = session.queryOne("select current_setting('wal_level')", (rs) -> rs.getString(1)).orElseThrow();
		if (!"logical".equals(walLevel)) {
			throw new PreflightException(session.role(), List.of("wal_level is '" + walLevel + "' on the "
					+ session.role() + "; set wal_level = logical in postgresql.conf (or ALTER SYSTEM SET wal_level = "
					+ "logical) and restart the server"));
		}
	}

}
