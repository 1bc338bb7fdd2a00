package io.pgrepl.core.preflight;

import java.util.ArrayList;
import java.util.List;

import io.pgrepl.core.internal.catalog.ServerSettingsCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Feature;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.PgVersion;
import io.pgrepl.core.status.ServerSettings;

/** Preflight rules for a subscriber, before a subscription is created there. */
final class SubscriberPreflight {

	private SubscriberPreflight() {
	}

	/**
	 * The session's role may create subscriptions, and there is room for one more apply worker
	 * and its replication origin. Capacity counts enabled subscriptions of the whole cluster, each
	 * of which keeps a worker and an origin; table-sync workers come and go on top of that.
	 */
	static PreflightReport check(PgSession session) {
		ServerSettings settings = ServerSettingsCatalog.read(session, null);
		PgVersion version = session.version();
		List<String> problems = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		checkRole(settings, version, problems);
		int needed = settings.enabledSubscriptions() + 1;
		if (settings.maxLogicalReplicationWorkers() < needed) {
			problems.add("max_logical_replication_workers is " + settings.maxLogicalReplicationWorkers() + " on the "
					+ "subscriber and " + settings.enabledSubscriptions() + " enabled subscriptions already hold an "
					+ "apply worker each, so a new subscription's worker cannot start; raise "
					+ "max_logical_replication_workers to at least " + needed + " plus room for table-sync workers, "
					+ "and restart the server");
		}
		// Before 18 replication origins are sized by max_replication_slots on the subscriber.
		boolean ownSetting = settings.maxActiveReplicationOrigins() != null;
		int origins = ownSetting ? settings.maxActiveReplicationOrigins() : settings.maxReplicationSlots();
		String originSetting = ownSetting ? "max_active_replication_origins" : "max_replication_slots";
		if (origins < needed) {
			problems.add(originSetting + " is " + origins + " on the subscriber, but every running subscription "
					+ "worker needs a replication origin and " + settings.enabledSubscriptions() + " are taken; raise "
					+ originSetting + " to at least " + needed + " and restart the server");
		}
		if (settings.maxWorkerProcesses() < settings.maxLogicalReplicationWorkers() + 1) {
			warnings.add("max_worker_processes (" + settings.maxWorkerProcesses() + ") is below "
					+ "max_logical_replication_workers + 1 for the launcher ("
					+ (settings.maxLogicalReplicationWorkers() + 1) + "): replication workers may not start; raise "
					+ "max_worker_processes and restart the server");
		}
		return new PreflightReport(session.side(), version, settings.walLevel(), settings.role().name(), problems,
				warnings);
	}

	private static void checkRole(ServerSettings settings, PgVersion version, List<String> problems) {
		ServerSettings.Role role = settings.role();
		if (role.superuser()) {
			return;
		}
		String quoted = Identifiers.quote(role.name());
		if (!version.supports(Feature.CREATE_SUBSCRIPTION_ROLE)) {
			problems.add("role '" + role.name() + "' is not a superuser, and on PostgreSQL " + version.major()
					+ " only superusers can create subscriptions (pg_create_subscription arrived in 16); connect to "
					+ "the subscriber as a superuser");
			return;
		}
		if (!Boolean.TRUE.equals(role.createSubscription())) {
			problems.add("role '" + role.name() + "' may not create subscriptions; GRANT pg_create_subscription TO "
					+ quoted + " (or connect as a superuser)");
		}
		if (!role.createOnDatabase()) {
			problems.add("role '" + role.name() + "' lacks CREATE on this database, which creating a subscription "
					+ "needs besides pg_create_subscription; GRANT CREATE ON DATABASE "
					+ Identifiers.quote(settings.database()) + " TO " + quoted);
		}
	}

}
