package io.pgrepl.core.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import javax.sql.DataSource;

import io.pgrepl.core.internal.catalog.ClusterIdentity;
import io.pgrepl.core.internal.catalog.DeferredDdlCatalog;
import io.pgrepl.core.internal.catalog.PublicationCatalog;
import io.pgrepl.core.internal.catalog.PublishedTableCatalog;
import io.pgrepl.core.internal.catalog.ReplicaIdentityCatalog;
import io.pgrepl.core.internal.catalog.RowFilterCatalog;
import io.pgrepl.core.internal.catalog.ServerSettingsCatalog;
import io.pgrepl.core.internal.catalog.SubscriptionCatalog;
import io.pgrepl.core.internal.catalog.TableCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Feature;
import io.pgrepl.core.model.PublicationTable;
import io.pgrepl.core.model.ReplicationSqlException;
import io.pgrepl.core.model.Secrets;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.preflight.Preflight;
import io.pgrepl.core.preflight.PreflightReport;
import io.pgrepl.core.publication.Heartbeat;
import io.pgrepl.core.schema.SubscriberTables;
import io.pgrepl.core.status.DeferredObjects;
import io.pgrepl.core.status.PublicationInfo;
import io.pgrepl.core.status.ReplicaIdentityColumns;
import io.pgrepl.core.status.RowFilter;
import io.pgrepl.core.status.SubscriptionInfo;
import io.pgrepl.core.status.TableWithoutReplicaIdentity;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@link CatalogSnapshot} for a desired state: a constant number of catalog queries on
 * the managed database, and a few on each subscription's publisher, however many tables there are.
 * A publisher that cannot be reached is recorded, not thrown, so that every problem is reported
 * together.
 */
public final class CatalogReader {

	private CatalogReader() {
	}

	/**
	 * Reads what exists for {@code desired}.
	 * @param session the managed database
	 * @param desired what should exist
	 * @return the snapshot
	 */
	public static CatalogSnapshot read(PgSession session, DesiredState desired) {
		String walLevelProblem = desired.publications().isEmpty() ? null : walLevelProblem(session);
		// Both catalogs read every object for an empty list of names: only ask when something is declared.
		Map<String, PublicationInfo> publications = desired.publications().isEmpty() ? Map.of()
				: byName(PublicationCatalog.read(session, desired.publicationNames()), PublicationInfo::name);
		Map<String, SubscriptionInfo> subscriptions = desired.subscriptions().isEmpty() ? Map.of()
				: byName(SubscriptionCatalog.read(session, desired.subscriptionNames()), SubscriptionInfo::name);
		List<TableName> declaredTables = new ArrayList<>(desired.publications()
			.stream()
			.flatMap((publication) -> publication.definition().tableNames().stream())
			.distinct()
			.toList());
		if (desired.publications().stream().anyMatch((publication) -> publication.heartbeat() != null)
				&& !declaredTables.contains(Heartbeat.TABLE)) {
			declaredTables.add(Heartbeat.TABLE);
		}
		Set<TableName> existingTables = TableCatalog.existing(session, declaredTables);
		Map<String, List<TableName>> subscribedTables = subscriptions.isEmpty() ? Map.of()
				: SubscriptionCatalog.subscribedTables(session, List.copyOf(subscriptions.keySet()));
		Map<String, PublisherSnapshot> publishers = new HashMap<>();
		// subscriptions reached through the same DataSource (the starter's shared pool) read their publisher together
		Map<DataSource, List<DesiredSubscription>> byPublisher = new IdentityHashMap<>();
		List<DataSource> order = new ArrayList<>();
		for (DesiredSubscription subscription : desired.subscriptions()) {
			byPublisher.computeIfAbsent(subscription.publisherDataSource(), (dataSource) -> {
				order.add(dataSource);
				return new ArrayList<>();
			}).add(subscription);
		}
		for (DataSource publisher : order) {
			publishers.putAll(readPublisher(session, publisher, byPublisher.get(publisher), subscriptions.keySet()));
		}
		boolean anyCreated = desired.subscriptions()
			.stream()
			.anyMatch((subscription) -> !subscriptions.containsKey(subscription.name()));
		PreflightReport subscriberPreflight = anyCreated ? Preflight.checkSubscriber(session) : null;
		Map<String, List<DeferredObjects>> deferred = new HashMap<>();
		DeferredDdlCatalog.read(session, List.copyOf(subscriptions.keySet()))
			.forEach((objects) -> deferred.computeIfAbsent(objects.subscription(), (name) -> new ArrayList<>()).add(objects));
		return new CatalogSnapshot(session.version(), walLevelProblem, publications, existingTables, subscriptions,
				subscribedTables, publishers, withoutReplicaIdentity(session, desired), subscriberPreflight,
				rowFilters(session, desired, existingTables), replicaIdentities(session, desired), deferred);
	}

	/** The declared row filters of existing tables, parsed by the server (15+; 14 refuses them). */
	private static List<RowFilter> rowFilters(PgSession session, DesiredState desired, Set<TableName> existing) {
		if (!session.version().supports(Feature.ROW_FILTER)) {
			return List.of();
		}
		List<RowFilter> filters = new ArrayList<>();
		for (DesiredPublication publication : desired.publications()) {
			List<PublicationTable> filtered = publication.definition()
				.tables()
				.stream()
				.filter((table) -> table.rowFilter() != null && existing.contains(table.table()))
				.filter((table) -> filters.stream()
					.noneMatch((filter) -> filter.table().equals(table.table()) && filter.declared().equals(table.rowFilter())))
				.toList();
			filters.addAll(RowFilterCatalog.parse(session, filtered, publication.definition().publishViaPartitionRoot()));
		}
		return filters;
	}

	/**
	 * Replica identity columns of the tables whose row filter or column list PostgreSQL checks
	 * against them: those of publications publishing UPDATE or DELETE.
	 */
	private static Map<TableName, ReplicaIdentityColumns> replicaIdentities(PgSession session, DesiredState desired) {
		List<TableName> tables = desired.publications()
			.stream()
			.filter((publication) -> publication.definition().publishesUpdateOrDelete())
			.flatMap((publication) -> publication.definition().tables().stream())
			.filter(PublicationTable::isRestricted)
			.map(PublicationTable::table)
			.distinct()
			.toList();
		return byName(ReplicaIdentityCatalog.columns(session, tables), ReplicaIdentityColumns::table);
	}

	/**
	 * Tables that publications publishing UPDATE or DELETE would take in without a replica
	 * identity: once published, PostgreSQL refuses UPDATE and DELETE on them, on the publisher.
	 */
	private static List<TableWithoutReplicaIdentity> withoutReplicaIdentity(PgSession session, DesiredState desired) {
		List<DesiredPublication> checked = desired.publications()
			.stream()
			.filter((publication) -> publication.definition().publishesUpdateOrDelete())
			.toList();
		if (checked.stream().anyMatch((publication) -> publication.definition().allTables())) {
			return ReplicaIdentityCatalog.ofAllTables(session);
		}
		List<TableName> tables = checked.stream()
			.flatMap((publication) -> publication.definition().tableNames().stream())
			.distinct()
			.toList();
		return ReplicaIdentityCatalog.of(session, tables);
	}

	/**
	 * The publisher of these subscriptions, read once for all of them: a constant number of
	 * statements on each side whatever the number of subscriptions and tables, when the subscriber
	 * has every column of every published table. Only a subscription that lacks some compares its
	 * tables in detail, and only one to create runs the preflight.
	 */
	private static Map<String, PublisherSnapshot> readPublisher(PgSession subscriber, DataSource dataSource,
			List<DesiredSubscription> group, Set<String> existingSubscriptions) {
		Map<String, PublisherSnapshot> snapshots = new HashMap<>();
		PgSession publisher;
		try {
			publisher = PgSession.open(dataSource, Side.PUBLISHER, Secrets
				.of(group.stream().map((subscription) -> subscription.definition().connectionString()).toList()));
		}
		catch (ReplicationSqlException ex) {
			group.forEach((subscription) -> snapshots.put(subscription.name(),
					PublisherSnapshot.unreachable(ex.getMessage(), ex.getSqlState())));
			return snapshots;
		}
		try (publisher) {
			String walLevelProblem = walLevelProblem(publisher);
			List<String> wanted = group.stream()
				.flatMap((subscription) -> subscription.definition().publications().stream())
				.distinct()
				.toList();
			Set<String> existingPublications = Set.copyOf(PublicationCatalog.existing(publisher, wanted));
			// table -> the publications that publish it, in the publisher's order of names
			Map<TableName, Set<String>> publications = PublishedTableCatalog.publicationsByTable(publisher,
					List.copyOf(existingPublications));
			Map<String, List<TableName>> publishedBySubscription = new LinkedHashMap<>();
			for (DesiredSubscription subscription : group) {
				List<String> its = subscription.definition().publications();
				publishedBySubscription.put(subscription.name(), publications.entrySet()
					.stream()
					.filter((entry) -> entry.getValue().stream().anyMatch(its::contains))
					.map(Map.Entry::getKey)
					.toList());
			}
			List<TableName> everyTable = List.copyOf(publications.keySet());
			Map<TableName, Set<String>> publisherColumns = TableCatalog.columnNames(publisher, everyTable);
			Map<TableName, Set<String>> subscriberColumns = TableCatalog.columnNames(subscriber, everyTable);
			for (DesiredSubscription subscription : group) {
				Set<String> existing = new LinkedHashSet<>(subscription.definition()
					.publications()
					.stream()
					.filter(existingPublications::contains)
					.sorted()
					.toList());
				List<TableName> published = publishedBySubscription.get(subscription.name());
				// pgrepl's heartbeat table is pgrepl's to create here, whatever create-tables says
				boolean lacksHeartbeatTable = published.contains(Heartbeat.TABLE)
						&& !subscriberColumns.containsKey(Heartbeat.TABLE);
				List<TableName> compared = published.stream().filter((table) -> !table.equals(Heartbeat.TABLE)).toList();
				// every column, a column list or not: a subscriber that has them all lacks nothing published
				boolean complete = compared.stream()
					.allMatch((table) -> subscriberColumns.getOrDefault(table, Set.of())
						.containsAll(publisherColumns.getOrDefault(table, Set.of()))
							&& subscriberColumns.containsKey(table));
				SubscriberTables tables = (compared.isEmpty() || complete) ? new SubscriberTables(List.of(), Map.of())
						: SubscriberTables.compare(publisher, subscriber, List.copyOf(existing), compared);
				boolean created = !existingSubscriptions.contains(subscription.name());
				int tablesToCopy = subscription.definition().copyData() ? published.size() : 0;
				PreflightReport preflight = created ? Preflight.checkPublisherForSubscription(publisher,
						subscription.definition(), tablesToCopy,
						ServerSettingsCatalog.maxSyncWorkersPerSubscription(subscriber)) : null;
				boolean sameCluster = created && subscription.definition().createSlot()
						&& ClusterIdentity.sameCluster(subscriber, publisher);
				snapshots.put(subscription.name(), new PublisherSnapshot(null, null, walLevelProblem, existing, published,
						tables, preflight, sameCluster, lacksHeartbeatTable));
			}
			return snapshots;
		}
	}

	private static @Nullable String walLevelProblem(PgSession session) {
		return ServerSettingsCatalog.read(session, null).walLevelProblem(session.side());
	}

	private static <K, T> Map<K, T> byName(List<T> items, Function<T, K> name) {
		Map<K, T> map = new HashMap<>();
		items.forEach((item) -> map.put(name.apply(item), item));
		return map;
	}

}
