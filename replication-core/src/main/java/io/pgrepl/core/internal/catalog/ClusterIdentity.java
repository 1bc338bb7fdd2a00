package io.pgrepl.core.internal.catalog;

import java.util.Objects;
import java.util.Optional;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.ReplicationSqlException;

/**
 * Tells whether two connections reach the same PostgreSQL cluster, by the system identifier
 * written at initdb; where a role may not call {@code pg_control_system()}, by the server address
 * and port as seen from each connection.
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
		String firstAddress = serverAddress(first);
		return firstAddress != null && Objects.equals(firstAddress, serverAddress(second));
	}

	private static Optional<Long> systemIdentifier(PgSession session) {
		try {
			return session.queryOne("select system_identifier from pg_control_system()", (rs) -> rs.getLong(1));
		}
		catch (ReplicationSqlException ex) {
			return Optional.empty();
		}
	}

	private static String serverAddress(PgSession session) {
		return session.queryOne(
				"select host(inet_server_addr()) || ':' || current_setting('port') where inet_server_addr() is not null",
				(rs) -> rs.getString(1))
			.orElse(null);
	}

}
