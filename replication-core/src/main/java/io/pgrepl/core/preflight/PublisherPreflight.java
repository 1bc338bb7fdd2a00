package io.pgrepl.core.preflight;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pgrepl.core.internal.catalog.ReplicaIdentityCatalog;
import io.pgrepl.core.internal.catalog.RowFilterCatalog;
import io.pgrepl.core.internal.catalog.ServerSettingsCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Feature;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.PublicationTable;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.ReplicaIdentityColumns;
import io.pgrepl.core.status.ReplicationCapacity;
import io.pgrepl.core.status.RowFilter;
import io.pgrepl.core.status.ServerSettings;
import io.pgrepl.core.status.TableWithoutReplicaIdentity;
import org.jspecify.annotations.Nullable;

/** Preflight rules for a publisher: before a publication is created, and before a subscription to it is. */
final class PublisherPreflight {

	private PublisherPreflight() {
	}

	/**
	 * {@code wal_level}, slots and walsenders possible at all, the session's role, and a replica
	 * identity on every table the definition would publish for UPDATE or DELETE. The role is only
	 * a warning here: subscriptions may connect as another role, checked by
	 * {@link #checkForSubscription}.
	 */
	static PreflightReport check(PgSession session, PublicationDefinition definition) {
		ServerSettings settings = ServerSettingsCatalog.read(session, null);
		List<String> problems = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		addIfPresent(problems, settings.walLevelProblem(session.side()));
		problems.addAll(ReplicationCapacity.of(settings).problems());
		ServerSettings.Role role = settings.role();
		if (!role.canReplicate()) {
			warnings.add("role '" + role.name() + "' has neither SUPERUSER nor REPLICATION on the publisher: "
					+ "subscriptions must connect as a role that has (ALTER ROLE " + Identifiers.quote(role.name())
					+ " REPLICATION, or another role)");
		}
		if (definition.publishesUpdateOrDelete()) {
			List<TableWithoutReplicaIdentity> tables = definition.allTables()
					? ReplicaIdentityCatalog.ofAllTables(session)
					: ReplicaIdentityCatalog.of(session, definition.tableNames());
			for (TableWithoutReplicaIdentity table : tables) {
				problems.add("table " + table.table() + " has no usable replica identity (" + table.reason()
						+ "), so once its UPDATEs and DELETEs are published, UPDATE and DELETE on it fail; "
						+ table.remedy() + "; or publish only insert and truncate");
			}
		}
		problems.addAll(restrictionProblems(session, definition));
		return new PreflightReport(session.side(), session.version(), settings.walLevel(), role.name(), problems,
				warnings);
	}

	/**
	 * Row filters, column lists and schemas: the server's version, what PostgreSQL refuses in a
	 * filter, and, with UPDATE or DELETE published, filters and column lists that leave the replica
	 * identity (PostgreSQL accepts those, then refuses UPDATE and DELETE on the table).
	 */
	private static List<String> restrictionProblems(PgSession session, PublicationDefinition definition) {
		List<String> problems = new ArrayList<>();
		for (Feature feature : definition.requiredFeatures()) {
			if (!session.version().supports(feature)) {
				problems.add(feature.description() + " requires PostgreSQL " + feature.minimumMajorVersion()
						+ " or later, but the publisher runs PostgreSQL " + session.version());
			}
		}
		List<PublicationTable> restricted = definition.tables().stream().filter(PublicationTable::isRestricted).toList();
		if (!problems.isEmpty() || restricted.isEmpty()) {
			return problems;
		}
		Map<TableName, ReplicaIdentityColumns> identities = new HashMap<>();
		if (definition.publishesUpdateOrDelete()) {
			ReplicaIdentityCatalog.columns(session, restricted.stream().map(PublicationTable::table).toList())
				.forEach((identity) -> identities.put(identity.table(), identity));
		}
		for (RowFilter filter : RowFilterCatalog.parse(session, restricted, definition.publishViaPartitionRoot())) {
			ReplicaIdentityColumns identity = identities.get(filter.table());
			if (filter.refusal() != null) {
				problems.add("PostgreSQL refuses the row filter of " + filter.table() + ": " + filter.refusal());
			}
			else if (identity != null && !identity.notCovering(filter.columns()).isEmpty()) {
				problems.add("the row filter of " + filter.table() + " uses "
						+ String.join(", ", identity.notCovering(filter.columns())) + ", not in its replica identity; "
						+ "with UPDATE or DELETE published, UPDATE and DELETE on it would fail");
			}
		}
		for (PublicationTable table : restricted) {
			ReplicaIdentityColumns identity = identities.get(table.table());
			if (identity != null && !identity.leftOutBy(table.columns()).isEmpty()) {
				problems.add("the column list of " + table.table() + " leaves out "
						+ String.join(", ", identity.leftOutBy(table.columns())) + " of its replica identity; with "
						+ "UPDATE or DELETE published, UPDATE and DELETE on it would fail");
			}
		}
		return problems;
	}

	/**
	 * What a new subscription needs from its publisher: {@code wal_level}, a connection role with
	 * REPLICATION (or superuser), a free walsender and, when it creates its slot, a free slot.
	 */
	static PreflightReport checkForSubscription(PgSession session, SubscriptionDefinition definition) {
		String user = definition.connectionString().user();
		ServerSettings settings = ServerSettingsCatalog.read(session, user);
		List<String> problems = new ArrayList<>();
		addIfPresent(problems, settings.walLevelProblem(session.side()));
		ServerSettings.Role role = settings.role();
		if (user != null && !role.exists()) {
			problems.add("role '" + user + "' of the subscription's connection does not exist on the publisher; "
					+ "create it: CREATE ROLE " + Identifiers.quote(user) + " LOGIN REPLICATION PASSWORD '...'");
		}
		else if (user != null && !role.canReplicate()) {
			problems.add("role '" + user + "' of the subscription's connection has neither SUPERUSER nor REPLICATION, "
					+ "so the publisher refuses its replication connection; ALTER ROLE " + Identifiers.quote(user)
					+ " REPLICATION");
		}
		if (definition.createSlot() && settings.replicationSlotsInUse() >= settings.maxReplicationSlots()) {
			problems.add("all " + settings.maxReplicationSlots() + " replication slots of the publisher are in use, so "
					+ "the subscription's slot cannot be created; raise max_replication_slots (restart) or drop an "
					+ "unused slot");
		}
		if (settings.walSendersInUse() >= settings.maxWalSenders()) {
			problems.add("all " + settings.maxWalSenders() + " walsenders of the publisher are in use, so the "
					+ "subscription cannot connect; raise max_wal_senders (restart)");
		}
		return new PreflightReport(session.side(), session.version(), settings.walLevel(), role.name(), problems,
				List.of());
	}

	static void addIfPresent(List<String> problems, @Nullable String problem) {
		if (problem != null) {
			problems.add(problem);
		}
	}

}
