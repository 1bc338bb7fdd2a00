package io.pgrepl.core.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.pgrepl.core.Preflight;
import io.pgrepl.core.PreflightException;
import io.pgrepl.core.PublicationCatalog;
import io.pgrepl.core.PublicationInfo;
import io.pgrepl.core.ReplicationSqlException;
import io.pgrepl.core.SubscriberTables;
import io.pgrepl.core.SubscriptionCatalog;
import io.pgrepl.core.SubscriptionInfo;
import io.pgrepl.core.TableCatalog;
import io.pgrepl.core.TableDefinition;
import io.pgrepl.core.TableName;
import io.pgrepl.core.jdbc.PgSession;
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
		List<TableName> declaredTables = desired.publications()
			.stream()
			.flatMap((publication) -> publication.definition().tables().stream())
			.distinct()
			.toList();
		Set<TableName> existingTables = TableCatalog.read(session, declaredTables)
			.stream()
			.map(TableDefinition::table)
			.collect(Collectors.toSet());
		Map<String, List<TableName>> subscribedTables = subscriptions.isEmpty() ? Map.of()
				: SubscriptionCatalog.subscribedTables(session, List.copyOf(subscriptions.keySet()));
		Map<String, PublisherSnapshot> publishers = new HashMap<>();
		for (DesiredSubscription subscription : desired.subscriptions()) {
			publishers.put(subscription.name(), readPublisher(session, subscription));
		}
		return new CatalogSnapshot(session.version(), walLevelProblem, publications, existingTables, subscriptions,
				subscribedTables, publishers);
	}

	private static PublisherSnapshot readPublisher(PgSession subscriber, DesiredSubscription subscription) {
		PgSession publisher;
		try {
			publisher = PgSession.open(subscription.publisherDataSource(), "publisher");
		}
		catch (ReplicationSqlException ex) {
			return PublisherSnapshot.unreachable(ex.getMessage(), ex.getSqlState());
		}
		try (publisher) {
			publisher.redact(subscription.definition().connectionString().password());
			Set<String> existing = new LinkedHashSet<>();
			PublicationCatalog.read(publisher, subscription.definition().publications()).forEach((publication) -> existing.add(publication.name()));
			List<TableName> published = existing.isEmpty() ? List.of()
					: TableCatalog.publishedTables(publisher, new ArrayList<>(existing));
			SubscriberTables tables = published.isEmpty() ? new SubscriberTables(List.of(), Map.of())
					: SubscriberTables.compare(publisher, subscriber, List.copyOf(existing), published);
			return new PublisherSnapshot(null, null, walLevelProblem(publisher), existing, published, tables);
		}
	}

	private static @Nullable String walLevelProblem(PgSession session) {
		try {
			Preflight.requireLogicalWalLevel(session);
			return null;
		}
		catch (PreflightException ex) {
			return String.join("; ", ex.getProblems());
		}
	}

	private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
		Map<String, T> map = new HashMap<>();
		items.forEach((item) -> map.put(name.apply(item), item));
		return map;
	}

}
