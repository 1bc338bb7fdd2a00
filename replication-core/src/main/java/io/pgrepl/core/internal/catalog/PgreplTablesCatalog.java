package io.pgrepl.core.internal.catalog;

import java.util.List;
import java.util.Map;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.status.ReceivedHeartbeat;

/**
 * What health reads of pgrepl's own tables on a subscriber, in one round trip whether or not they
 * exist: the tables still waiting for deferred objects ({@link DeferredDdlCatalog}) and the newest
 * heartbeat each subscription applied ({@link HeartbeatCatalog}).
 */
public final class PgreplTablesCatalog {

	private PgreplTablesCatalog() {
	}

	/** Both, for these subscriptions; empty maps for none. */
	public static Read read(PgSession session, List<String> subscriptions) {
		if (subscriptions.isEmpty()) {
			return new Read(Map.of(), Map.of());
		}
		Object names = HeartbeatCatalog.names(subscriptions);
		return session.queryOne("select " + DeferredDdlCatalog.PENDING + " as deferred, " + HeartbeatCatalog.NEWEST
				+ " as heartbeats", (rs) -> new Read(DeferredDdlCatalog.parsePending(rs.getString("deferred")),
						HeartbeatCatalog.parse(rs.getString("heartbeats"), subscriptions)),
				names, names, names)
			.orElseThrow();
	}

	/**
	 * @param deferred the tables waiting for deferred objects, as {@code schema.table}, by subscription
	 * @param heartbeats the newest heartbeat applied, by subscription
	 */
	public record Read(Map<String, List<String>> deferred, Map<String, ReceivedHeartbeat> heartbeats) {

	}

}
