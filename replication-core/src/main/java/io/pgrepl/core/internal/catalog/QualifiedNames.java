package io.pgrepl.core.internal.catalog;

import java.util.function.Supplier;

import io.pgrepl.core.internal.jdbc.PgSession;

/**
 * Runs catalog reads with {@code search_path} set to {@code pg_catalog} alone, so that
 * {@code format_type}, {@code pg_get_expr}, {@code pg_get_indexdef} and
 * {@code pg_get_constraintdef} qualify every name outside {@code pg_catalog}: the definitions
 * then mean the same on a subscriber whose search path differs. The session's search path is
 * restored afterwards (the connection may go back to a pool).
 */
final class QualifiedNames {

	private QualifiedNames() {
	}

	static <T> T read(PgSession session, Supplier<T> reads) {
		String previous = session.queryOne("select current_setting('search_path')", (rs) -> rs.getString(1))
			.orElse("\"$user\", public");
		session.query("select set_config('search_path', 'pg_catalog', false)", (rs) -> rs.getString(1));
		try {
			return reads.get();
		}
		finally {
			session.query("select set_config('search_path', ?, false)", (rs) -> rs.getString(1), previous);
		}
	}

}
