package io.pgrepl.core.health;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import io.pgrepl.core.internal.catalog.DeferredDdlCatalog;
import io.pgrepl.core.internal.catalog.HeartbeatCatalog;
import io.pgrepl.core.internal.catalog.ServerSettingsCatalog;
import io.pgrepl.core.internal.catalog.SlotCatalog;
import io.pgrepl.core.internal.catalog.SubscriptionStatsCatalog;
import io.pgrepl.core.internal.catalog.SyncStatusCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.status.ReceivedHeartbeat;
import io.pgrepl.core.status.ReplicationCapacity;
import io.pgrepl.core.status.SlotStatus;
import io.pgrepl.core.status.SubscriptionStats;
import io.pgrepl.core.status.TableSyncStatus;
import org.jspecify.annotations.Nullable;

/**
 * Checks subscriptions in four queries on the subscriber (subscriptions with workers and counters,
 * table states, tables waiting for deferred indexes, the heartbeats they applied) and one on each
 * publisher (their slots), after one reading of each server's version, however many tables and
 * subscriptions there are. Called through
 * {@link io.pgrepl.core.ReplicationManager#healthCheckSubscriber} and
 * {@link io.pgrepl.core.Replication#subscriptionsHealth()}.
 */
public final class SubscriberHealthCheck {

	private SubscriberHealthCheck() {
	}

	/**
	 * Reads the subscription (and its slot on the publisher) and judges what it read.
	 * @param subscriber the subscriber database
	 * @param name the subscription
	 * @param thresholds where warnings and issues start
	 * @param publisher the publisher database, to measure lag against its current LSN; or {@code null}
	 * @param expectEnabled whether the subscription should be enabled; when not, being disabled is
	 * no issue and lag is reported as warnings only
	 */
	public static SubscriptionHealth check(DataSource subscriber, String name, HealthThresholds thresholds,
			@Nullable DataSource publisher, boolean expectEnabled) {
		return checkAll(subscriber, List.of(new Checked(name, publisher, expectEnabled)), thresholds).get(name);
	}

	/**
	 * Checks these subscriptions together: one snapshot of the subscriber, and one of each publisher
	 * however many subscriptions point at it (publishers are told apart by their data source).
	 * @param subscriber the subscriber database
	 * @param subscriptions the subscriptions, in the order of the result
	 * @param thresholds where warnings and issues start
	 * @return the health of each, by name
	 */
	public static Map<String, SubscriptionHealth> checkAll(DataSource subscriber, List<Checked> subscriptions,
			HealthThresholds thresholds) {
		subscriptions.forEach((subscription) -> Identifiers.requireValid(subscription.name(), "subscription name"));
		List<String> names = subscriptions.stream().map(Checked::name).toList();
		Map<String, SubscriptionStats> stats;
		Map<String, List<TableSyncStatus>> tables;
		Map<String, List<String>> deferred;
		Map<String, ReceivedHeartbeat> heartbeats;
		try (PgSession session = PgSession.open(subscriber, Side.SUBSCRIBER)) {
			stats = SubscriptionStatsCatalog.read(session, names)
				.stream()
				.collect(Collectors.toMap(SubscriptionStats::name, (found) -> found));
			tables = stats.isEmpty() ? Map.of()
					: SyncStatusCatalog.read(session, List.copyOf(stats.keySet()))
						.stream()
						.collect(Collectors.groupingBy(TableSyncStatus::subscription));
			deferred = stats.isEmpty() ? Map.of() : DeferredDdlCatalog.pendingTables(session, List.copyOf(stats.keySet()));
			heartbeats = stats.isEmpty() ? Map.of() : HeartbeatCatalog.read(session, List.copyOf(stats.keySet()));
		}
		Map<DataSource, List<String>> slotsByPublisher = new IdentityHashMap<>();
		// A stuck copy may be a full publisher: only then are its slots and walsenders counted.
		Set<DataSource> withStuckCopies = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Checked subscription : subscriptions) {
			SubscriptionStats found = stats.get(subscription.name());
			if (subscription.publisher() != null && found != null && found.slotName() != null) {
				slotsByPublisher.computeIfAbsent(subscription.publisher(), (key) -> new ArrayList<>())
					.add(found.slotName());
				if (tables.getOrDefault(subscription.name(), List.of()).stream().anyMatch(TableSyncStatus::stuckCopying)) {
					withStuckCopies.add(subscription.publisher());
				}
			}
		}
		Map<DataSource, Map<String, SlotLookup>> lookups = new IdentityHashMap<>();
		slotsByPublisher.forEach((publisher, slots) -> lookups.put(publisher,
				lookUp(publisher, slots, withStuckCopies.contains(publisher))));
		Map<String, SubscriptionHealth> health = new LinkedHashMap<>();
		for (Checked subscription : subscriptions) {
			SubscriptionStats found = stats.get(subscription.name());
			if (found == null) {
				health.put(subscription.name(), SubscriberRules.missing(subscription.name()));
				continue;
			}
			SlotLookup slot = (subscription.publisher() != null && found.slotName() != null)
					? lookups.get(subscription.publisher()).get(found.slotName()) : SlotLookup.NOT_CONSULTED;
			SubscriptionHealth checked = SubscriberRules.withDeferred(SubscriberRules.evaluate(found,
					tables.getOrDefault(subscription.name(), List.of()), slot, thresholds, subscription.expectEnabled()),
					deferred.getOrDefault(subscription.name(), List.of()));
			health.put(subscription.name(), SubscriberRules.withHeartbeat(checked, heartbeats.get(subscription.name()),
					thresholds, subscription.expectEnabled()));
		}
		return health;
	}

	/** Every table of every subscription of the subscriber's database, in one query. */
	public static List<TableSyncStatus> status(DataSource subscriber) {
		try (PgSession session = PgSession.open(subscriber, Side.SUBSCRIBER)) {
			return SyncStatusCatalog.read(session, List.of());
		}
	}

	/**
	 * The slots, read in one query, and the publisher's capacity when asked; a publisher that
	 * cannot be read fails every lookup alike.
	 */
	private static Map<String, SlotLookup> lookUp(DataSource publisher, List<String> slotNames, boolean withCapacity) {
		Map<String, SlotLookup> lookups = new LinkedHashMap<>();
		try (PgSession session = PgSession.open(publisher, Side.PUBLISHER)) {
			Map<String, SlotStatus> slots = SlotCatalog.read(session, slotNames)
				.stream()
				.collect(Collectors.toMap(SlotStatus::name, (slot) -> slot));
			ReplicationCapacity capacity = withCapacity ? ReplicationCapacity.of(ServerSettingsCatalog.read(session, null))
					: null;
			slotNames.forEach((name) -> lookups.put(name, SlotLookup.found(slots.get(name), capacity)));
		}
		catch (ReplicationException ex) {
			slotNames.forEach((name) -> lookups.put(name, SlotLookup.failed(ex.getMessage())));
		}
		return lookups;
	}

	/**
	 * A subscription to check.
	 *
	 * @param name the subscription
	 * @param publisher the publisher database, to measure lag against its current LSN; or
	 * {@code null}
	 * @param expectEnabled whether the subscription should be enabled
	 */
	public record Checked(String name, @Nullable DataSource publisher, boolean expectEnabled) {

	}

}
