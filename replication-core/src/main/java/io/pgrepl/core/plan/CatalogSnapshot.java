package io.pgrepl.core.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.pgrepl.core.model.PgVersion;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.preflight.PreflightReport;
import io.pgrepl.core.status.DeferredObjects;
import io.pgrepl.core.status.PublicationInfo;
import io.pgrepl.core.status.ReplicaIdentityColumns;
import io.pgrepl.core.status.RowFilter;
import io.pgrepl.core.status.SubscriptionInfo;
import io.pgrepl.core.status.TableWithoutReplicaIdentity;
import org.jspecify.annotations.Nullable;

/**
 * What the catalog holds for one {@link DesiredState}, read at once by {@link CatalogReader}:
 * everything {@link Planner} and {@link DesiredStateValidator} decide on, so they need no server.
 *
 * @param version the managed database's server version
 * @param walLevelProblem why the managed database cannot publish ({@code wal_level}), or
 * {@code null}; only read when publications are declared
 * @param publications the declared publications that exist, by name
 * @param existingTables those of the declared publications' tables that exist
 * @param subscriptions the declared subscriptions that exist in this database, by name
 * @param subscribedTables for each existing subscription, the tables it has
 * ({@code pg_subscription_rel})
 * @param publishers for each declared subscription, what its publisher holds
 * @param withoutReplicaIdentity declared tables (or, for a declared FOR ALL TABLES
 * publication, any table) lacking a usable replica identity, read when a publication publishes
 * UPDATE or DELETE
 * @param subscriberPreflight whether this database's role and capacity allow creating a
 * subscription, read when a declared subscription does not exist yet, else {@code null}
 * @param rowFilters the declared row filters as PostgreSQL parses them (15+)
 * @param replicaIdentities the replica identity columns of the declared tables that have a row
 * filter or a column list, read when their publication publishes UPDATE or DELETE
 * @param deferred for each existing subscription, the objects of tables pgrepl created that wait
 * for the initial copy ({@code pgrepl.deferred_ddl})
 */
public record CatalogSnapshot(PgVersion version, @Nullable String walLevelProblem,
		Map<String, PublicationInfo> publications, Set<TableName> existingTables,
		Map<String, SubscriptionInfo> subscriptions, Map<String, List<TableName>> subscribedTables,
		Map<String, PublisherSnapshot> publishers, List<TableWithoutReplicaIdentity> withoutReplicaIdentity,
		@Nullable PreflightReport subscriberPreflight, List<RowFilter> rowFilters,
		Map<TableName, ReplicaIdentityColumns> replicaIdentities, Map<String, List<DeferredObjects>> deferred) {

	public CatalogSnapshot {
		deferred = Map.copyOf(deferred);
		publications = Map.copyOf(publications);
		existingTables = Set.copyOf(existingTables);
		subscriptions = Map.copyOf(subscriptions);
		subscribedTables = Map.copyOf(subscribedTables);
		publishers = Map.copyOf(publishers);
		withoutReplicaIdentity = List.copyOf(withoutReplicaIdentity);
		rowFilters = List.copyOf(rowFilters);
		replicaIdentities = Map.copyOf(replicaIdentities);
	}

	/** A snapshot of publications without row filters or column lists, with nothing deferred. */
	public CatalogSnapshot(PgVersion version, @Nullable String walLevelProblem,
			Map<String, PublicationInfo> publications, Set<TableName> existingTables,
			Map<String, SubscriptionInfo> subscriptions, Map<String, List<TableName>> subscribedTables,
			Map<String, PublisherSnapshot> publishers, List<TableWithoutReplicaIdentity> withoutReplicaIdentity,
			@Nullable PreflightReport subscriberPreflight) {
		this(version, walLevelProblem, publications, existingTables, subscriptions, subscribedTables, publishers,
				withoutReplicaIdentity, subscriberPreflight, List.of(), Map.of(), Map.of());
	}

	/** The declared row filter of this table as PostgreSQL parsed it, if it was. */
	public Optional<RowFilter> rowFilter(TableName table, String declared) {
		return this.rowFilters.stream()
			.filter((filter) -> filter.table().equals(table) && filter.declared().equals(declared))
			.findFirst();
	}

}
