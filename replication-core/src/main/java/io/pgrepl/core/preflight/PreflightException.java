package io.pgrepl.core.preflight;

import java.util.List;

import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.Side;

/**
 * The server is not ready for logical replication: {@code wal_level}, role attributes or capacity.
 * Each problem says what to change. Nothing was created.
 */
public class PreflightException extends ReplicationException {

	private final List<String> problems;

	public PreflightException(Side server, List<String> problems) {
		super("The " + server + " is not ready for logical replication: " + String.join("; ", problems));
		this.problems = List.copyOf(problems);
	}

	public List<String> getProblems() {
		return this.problems;
	}

}
