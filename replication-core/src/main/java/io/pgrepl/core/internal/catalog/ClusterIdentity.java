package io.pgrepl.core.internal.catalog;

import java.util.Optional;
import java.util.UUID;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.ReplicationSqlException;

/**
 * Tells whether two connections reach the same PostgreSQL cluster: by the system identifier
 * written at initdb; where a role may not call {@code pg_control_system()}, by whether one session
 * sees the other in {@code pg_stat_activity}, which lists every backend of its cluster with its
 * {@code application_name} to any role. Server addresses would not do: one server has several
 * (loopback, its own address, a proxy's, a Unix socket with none), so two routes to one server
 * would look like two servers, and {@code CREATE SUBSCRIPTION} would wait forever for its own
 * transaction.
 */
public final class ClusterIdentity {

	private ClusterIdentity() {
	}

	public static boolean sameCluster(PgSession first, PgSession second) {
		Optional<Long> firstId = systemIdentifier(first);
		Optional<Long> secondId = systemIdentifier(second);
		if (firstId.isPresent() && secondId.isPresent()) {
			return firstId.get().equals(secondId.get());
		}
		return sees(second, first);
	}

	private static Optional<Long> systemIdentifier(PgSession session) {
		try {
			return session.queryOne("select system_identifier from pg_control_system()", (rs) -> rs.getLong(1));
		}
		catch (ReplicationSqlException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Whether {@code observer} sees {@code observed} among its cluster's backends: the observed
	 * session takes, for the moment of the look, an {@code application_name} no other session has,
	 * then gets its own back.
	 */
	private static boolean sees(PgSession observer, PgSession observed) {
		String mark = "pgrepl-probe-" + UUID.randomUUID();
		String own = observed.queryOne("select current_setting('application_name')", (rs) -> rs.getString(1)).orElse("");
		observed.queryOne("select set_config('application_name', ?, false)", (rs) -> rs.getString(1), mark);
		try {
			// a transaction reads the activity of the cluster once: read it afresh
			observer.queryOne("select pg_stat_clear_snapshot()", (rs) -> true);
			return observer
				.queryOne("select 1 from pg_stat_activity where application_name = ?", (rs) -> true, mark)
				.isPresent();
		}
		finally {
			observed.queryOne("select set_config('application_name', ?, false)", (rs) -> rs.getString(1), own);
		}
	}

}
