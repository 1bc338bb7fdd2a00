package io.pgrepl.benchmarks;

import org.jspecify.annotations.Nullable;

/**
 * The server's own count of statements, from {@code pg_stat_statements}: top-level statements of
 * the measured role in the measured database. Needs the library preloaded
 * ({@code shared_preload_libraries}); without it the wrapper's count is all there is.
 */
final class StatementStatistics {

	private final Endpoint endpoint;

	private final @Nullable String unavailable;

	StatementStatistics(Endpoint endpoint) {
		this.endpoint = endpoint;
		this.unavailable = probe(endpoint);
	}

	boolean available() {
		return this.unavailable == null;
	}

	/** Why the server cannot count, or {@code null} when it can. */
	@Nullable String unavailable() {
		return this.unavailable;
	}

	void reset() {
		if (available()) {
			this.endpoint.execute("select pg_stat_statements_reset()");
		}
	}

	/** Statements since {@link #reset()}; the queries reading these figures are left out. */
	long statements() {
		return available() ? Long.parseLong(sum("s.calls")) : 0;
	}

	/** Milliseconds the server spent planning and executing those statements. */
	double millis() {
		return available() ? Double.parseDouble(sum("s.total_plan_time + s.total_exec_time")) : 0;
	}

	/** The statements since {@link #reset()} that took the most server time, for the log. */
	String top(int limit) {
		if (!available()) {
			return "";
		}
		String role = "'" + this.endpoint.user().replace("'", "''") + "'";
		return this.endpoint.queryForString("select string_agg(line, E'\\n') from (select round(s.total_exec_time::numeric, 2) "
				+ "|| ' ms, ' || s.calls || ' calls: ' || left(regexp_replace(s.query, '\\s+', ' ', 'g'), 160) as line "
				+ "from pg_stat_statements s where s.userid = (select oid from pg_roles where rolname = " + role + ") "
				+ "and s.dbid = (select oid from pg_database where datname = current_database()) "
				+ "and s.query not like '%pg_stat_statements%' order by s.total_exec_time desc limit " + limit + ") x");
	}

	private String sum(String expression) {
		String role = "'" + this.endpoint.user().replace("'", "''") + "'";
		return this.endpoint.queryForString("select coalesce(sum(" + expression + "), 0) from pg_stat_statements s "
				+ "where s.userid = (select oid from pg_roles where rolname = " + role + ") "
				+ "and s.dbid = (select oid from pg_database where datname = current_database()) "
				+ "and s.query not like '%pg_stat_statements%'");
	}

	private static @Nullable String probe(Endpoint endpoint) {
		String preloaded = endpoint.queryForString("show shared_preload_libraries");
		if (!preloaded.contains("pg_stat_statements")) {
			return "not in shared_preload_libraries";
		}
		try {
			endpoint.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
			endpoint.queryForLong("select count(*) from pg_stat_statements");
			return null;
		}
		catch (IllegalStateException ex) {
			return ex.getMessage();
		}
	}

}
