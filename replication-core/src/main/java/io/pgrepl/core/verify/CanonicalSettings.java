package io.pgrepl.core.verify;

import java.util.List;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Identifiers;

/**
 * The session settings under which a row's text is the same on both servers, set for a
 * verification and restored afterwards (the connection may be a pooled one the application reuses).
 */
final class CanonicalSettings implements AutoCloseable {

	private static final List<String> NAMES = List.of("extra_float_digits", "TimeZone", "DateStyle", "IntervalStyle",
			"bytea_output");

	private static final List<String> VALUES = List.of("3", "UTC", "ISO, YMD", "postgres", "hex");

	private final PgSession session;

	private final List<String> previous;

	private CanonicalSettings(PgSession session, List<String> previous) {
		this.session = session;
		this.previous = previous;
	}

	static CanonicalSettings apply(PgSession session) {
		List<String> previous = session.query("select current_setting(n) from unnest(?::text[]) with ordinality as t(n, i) order by i",
				(rs) -> rs.getString(1), (Object) NAMES.toArray(String[]::new));
		set(session, VALUES);
		return new CanonicalSettings(session, previous);
	}

	@Override
	public void close() {
		set(this.session, this.previous);
	}

	private static void set(PgSession session, List<String> values) {
		StringBuilder sql = new StringBuilder("select ");
		for (int i = 0; i < NAMES.size(); i++) {
			sql.append((i > 0) ? ", " : "")
				.append("set_config(")
				.append(Identifiers.literal(NAMES.get(i)))
				.append(", ")
				.append(Identifiers.literal(values.get(i)))
				.append(", false)");
		}
		session.query(sql.toString(), (rs) -> null);
	}

}
