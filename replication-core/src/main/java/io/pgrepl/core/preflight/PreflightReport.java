package io.pgrepl.core.preflight;

import java.util.List;

import io.pgrepl.core.model.PgVersion;
import io.pgrepl.core.model.Side;

/**
 * What a preflight check found on one server. {@link #problems()} stop a setup (each says what to
 * change); {@link #warnings()} are logged and let it go on.
 *
 * @param server what the server is to the user: {@link Side#PUBLISHER} or {@link Side#SUBSCRIBER}
 * @param version the server's version
 * @param walLevel {@code wal_level}
 * @param role the role that was checked (the session's, or the subscription's connection role)
 * @param problems what must change before replication can work
 * @param warnings what may get in the way later
 */
public record PreflightReport(Side server, PgVersion version, String walLevel, String role, List<String> problems,
		List<String> warnings) {

	public PreflightReport {
		problems = List.copyOf(problems);
		warnings = List.copyOf(warnings);
	}

	/** Whether nothing stops replication. */
	public boolean ready() {
		return this.problems.isEmpty();
	}

	/**
	 * Fails when there are problems.
	 * @return this report
	 * @throws PreflightException listing every problem, each with what to change
	 */
	public PreflightReport requireReady() {
		if (!ready()) {
			throw new PreflightException(this.server, this.problems);
		}
		return this;
	}

}
