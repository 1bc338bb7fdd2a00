package io.pgrepl.core.health;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import io.pgrepl.core.internal.catalog.PgreplTablesCatalog;
import io.pgrepl.core.internal.catalog.PublishedTableCatalog;
import io.pgrepl.core.internal.catalog.ServerSettingsCatalog;
import io.pgrepl.core.internal.catalog.SlotCatalog;
import io.pgrepl.core.internal.catalog.SubscribedColumnsCatalog;
import io.pgrepl.core.internal.catalog.SubscribedColumnsCatalog.SubscribedTable;
import io.pgrepl.core.internal.catalog.SubscriptionStatsCatalog;
import io.pgrepl.core.internal.catalog.SyncStatusCatalog;
import io.pgrepl.core.internal.catalog.TableSyncSlotCatalog;
import io.pgrepl.core.internal.catalog.TableSizeCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.ReceivedHeartbeat;
import io.pgrepl.core.status.ReplicationCapacity;
import io.pgrepl.core.status.SlotStatus;
import io.pgrepl.core.status.SubscriptionStats;
import io.pgrepl.core.status.SyncState;
import io.pgrepl.core.status.TableSyncStatus;
import org.jspecify.annotations.Nullable;

/**
 * Checks subscriptions in three or four queries on the subscriber (subscriptions with workers and
 * counters, table states, pgrepl's tables: deferred indexes and heartbeats applied, and, when asked,
 * the columns of their tables) and on each publisher one (their slots) or, when asked, two (and the
 * columns the publications send), plus one while some table is not ready (the sizes of those
 * tables, the initial copy's total), and while a copied table has no sync worker one more on each
 * side (the publisher's table-sync slots, then those tables again), after one reading of each
 * server's version, however many tables and subscriptions there are. Comparing the columns
 * reports a column the publisher added before apply fails on it. Called through
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
		return checkAll(subscriber, subscriptions, thresholds, null);
	}

	/**
	 * {@link #checkAll(DataSource, List, HealthThresholds)}, comparing the subscribed tables' columns
	 * with the published ones only when {@code knownDrift} is {@code null}; otherwise the drift
	 * issues it holds (by subscription, found by an earlier check) are reported again, and the
	 * snapshot reads no column.
	 * @param subscriber the subscriber database
	 * @param subscriptions the subscriptions, in the order of the result
	 * @param thresholds where warnings and issues start
	 * @param knownDrift the drift issues of an earlier check, or {@code null} to compare the columns now
	 * @return the health of each, by name
	 */
	public static Map<String, SubscriptionHealth> checkAll(DataSource subscriber, List<Checked> subscriptions,
			HealthThresholds thresholds, @Nullable Map<String, List<String>> knownDrift) {
		subscriptions.forEach((subscription) -> Identifiers.requireValid(subscription.name(), "subscription name"));
		List<String> names = subscriptions.stream().map(Checked::name).toList();
		Map<String, SubscriptionStats> stats;
		Map<String, List<TableSyncStatus>> tables;
		Map<String, List<String>> deferred;
		Map<String, List<SubscribedTable>> subscribed;
		Map<String, ReceivedHeartbeat> heartbeats;
		try (PgSession session = PgSession.open(subscriber, Side.SUBSCRIBER)) {
			stats = SubscriptionStatsCatalog.read(session, names)
				.stream()
				.collect(Collectors.toMap(SubscriptionStats::name, (found) -> found));
			tables = stats.isEmpty() ? Map.of()
					: SyncStatusCatalog.read(session, List.copyOf(stats.keySet()))
						.stream()
						.collect(Collectors.groupingBy(TableSyncStatus::subscription));
			PgreplTablesCatalog.Read own = PgreplTablesCatalog.read(session, List.copyOf(stats.keySet()));
			deferred = own.deferred();
			heartbeats = own.heartbeats();
			List<String> withPublisher = subscriptions.stream()
				.filter((subscription) -> subscription.publisher() != null && stats.containsKey(subscription.name()))
				.map(Checked::name)
				.toList();
			subscribed = (knownDrift != null) ? Map.of() : SubscribedColumnsCatalog.read(session, withPublisher)
				.stream()
				.collect(Collectors.groupingBy(SubscribedTable::subscription));
		}
		Map<DataSource, Asked> asked = new IdentityHashMap<>();
		Set<String> unservedCopies = new LinkedHashSet<>();
		for (Checked subscription : subscriptions) {
			SubscriptionStats found = stats.get(subscription.name());
			if (subscription.publisher() == null || found == null) {
				continue;
			}
			Asked question = asked.computeIfAbsent(subscription.publisher(), (key) -> new Asked());
			if (found.slotName() != null) {
				question.slots.add(found.slotName());
				// A stuck copy may be a full publisher: only then are its slots and walsenders counted.
				question.capacity |= tables.getOrDefault(subscription.name(), List.of())
					.stream()
					.anyMatch(TableSyncStatus::stuckCopying);
			}
			subscribed.getOrDefault(subscription.name(), List.of())
				.forEach((table) -> question.publications.addAll(table.publications()));
			// The copy's total: pg_stat_progress_copy has none for a table-sync copy (bytes_total = 0).
			tables.getOrDefault(subscription.name(), List.of())
				.stream()
				.filter((table) -> !table.ready())
				.forEach((table) -> question.unready.add(table.tableName()));
			// A copied table that no sync worker serves needs its table-sync slot: read which exist.
			if (tables.getOrDefault(subscription.name(), List.of())
				.stream()
				.anyMatch((table) -> table.state() == SyncState.FINISHED_COPY && table.syncWorkerPid() == null)) {
				question.syncSlots = true;
				unservedCopies.add(subscription.name());
			}
		}
		Map<DataSource, Answer> answers = new IdentityHashMap<>();
		asked.forEach((publisher, question) -> answers.put(publisher, read(publisher, question)));
		Map<String, List<TableName>> lostSyncSlots = lostSyncSlots(subscriber, subscriptions, unservedCopies, answers);
		Map<String, SubscriptionHealth> health = new LinkedHashMap<>();
		for (Checked subscription : subscriptions) {
			SubscriptionStats found = stats.get(subscription.name());
			if (found == null) {
				health.put(subscription.name(), SubscriberRules.missing(subscription.name()));
				continue;
			}
			Answer answer = (subscription.publisher() != null) ? answers.get(subscription.publisher()) : Answer.NONE;
			SlotLookup slot = (found.slotName() != null) ? answer.slots().getOrDefault(found.slotName(),
					SlotLookup.NOT_CONSULTED) : SlotLookup.NOT_CONSULTED;
			SubscriptionHealth judged = SubscriberRules.withDeferred(SubscriberRules.evaluate(found,
					withSizes(tables.getOrDefault(subscription.name(), List.of()), answer.sizes()), slot, thresholds,
					subscription.expectEnabled()),
					deferred.getOrDefault(subscription.name(), List.of()));
			SubscriptionHealth drifted = (knownDrift != null)
					? ColumnDrift.withIssues(judged, knownDrift.getOrDefault(subscription.name(), List.of()))
					: ColumnDrift.withIssue(judged, ColumnDrift
						.missing(subscribed.getOrDefault(subscription.name(), List.of()), answer.columns()));
			SubscriptionHealth lost = SubscriberRules.withLostSyncSlots(drifted,
					lostSyncSlots.getOrDefault(subscription.name(), List.of()));
			health.put(subscription.name(), SubscriberRules.withHeartbeat(lost, heartbeats.get(subscription.name()),
					thresholds, subscription.expectEnabled()));
		}
		return health;
	}

	/**
	 * The tables, by subscription, whose copy is done but whose table-sync slot the publisher no
	 * longer has. PostgreSQL drops that slot and then commits the table as synchronized; between
	 * the two the table still reads as copied with the slot gone, its worker alive. So a table
	 * counts only when, read again after the publisher said the slot was gone, it is still copied
	 * and no worker serves it: a worker that got past the drop has committed by then or still runs.
	 * Reads nothing unless such a table was seen and its publisher answered.
	 * @param unservedCopies the subscriptions where the first reading saw such a table
	 */
	private static Map<String, List<TableName>> lostSyncSlots(DataSource subscriber, List<Checked> subscriptions,
			Set<String> unservedCopies, Map<DataSource, Answer> answers) {
		Map<String, Set<String>> slotsBySubscription = new LinkedHashMap<>();
		for (Checked subscription : subscriptions) {
			Answer answer = (subscription.publisher() != null) ? answers.get(subscription.publisher()) : null;
			if (answer != null && answer.syncSlots() != null && unservedCopies.contains(subscription.name())) {
				slotsBySubscription.put(subscription.name(), answer.syncSlots());
			}
		}
		if (slotsBySubscription.isEmpty()) {
			return Map.of();
		}
		try (PgSession session = PgSession.open(subscriber, Side.SUBSCRIBER)) {
			return TableSyncSlotCatalog.unservedFinishedCopies(session, List.copyOf(slotsBySubscription.keySet()))
				.stream()
				.filter((table) -> !table.hasSlotAmong(slotsBySubscription.get(table.subscription())))
				.collect(Collectors.groupingBy(TableSyncSlotCatalog.Unserved::subscription, LinkedHashMap::new,
						Collectors.mapping(TableSyncSlotCatalog.Unserved::table, Collectors.toList())));
		}
	}

	private static List<TableSyncStatus> withSizes(List<TableSyncStatus> tables, Map<TableName, Long> sizes) {
		if (sizes.isEmpty()) {
			return tables;
		}
		return tables.stream()
			.map((table) -> table.ready() ? table : table.withSizeBytes(sizes.get(table.tableName())))
			.toList();
	}

	/** The drift issues of each subscription in this health, for {@code knownDrift} of a later check. */
	public static Map<String, List<String>> driftIssues(Map<String, SubscriptionHealth> health) {
		Map<String, List<String>> drift = new LinkedHashMap<>();
		health.forEach((name, subscription) -> {
			List<String> issues = subscription.issues()
				.stream()
				.filter((issue) -> ColumnDrift.isDrift(subscription, issue))
				.toList();
			if (!issues.isEmpty()) {
				drift.put(name, issues);
			}
		});
		return drift;
	}

	/** Every table of every subscription of the subscriber's database, in one query. */
	public static List<TableSyncStatus> status(DataSource subscriber) {
		try (PgSession session = PgSession.open(subscriber, Side.SUBSCRIBER)) {
			return SyncStatusCatalog.read(session, List.of());
		}
	}

	/**
	 * The slots, read in one query, the publisher's capacity when asked, the columns the
	 * publications send, read in one query, and while tables are not ready their sizes, in one
	 * query; a publisher that cannot be read fails every slot lookup alike, and its columns and
	 * sizes are unknown.
	 */
	private static Answer read(DataSource publisher, Asked question) {
		if (question.slots.isEmpty() && question.publications.isEmpty() && question.unready.isEmpty()
				&& !question.syncSlots) {
			return Answer.NONE;
		}
		Map<String, SlotLookup> lookups = new LinkedHashMap<>();
		try (PgSession session = PgSession.open(publisher, Side.PUBLISHER)) {
			Map<String, SlotStatus> slots = question.slots.isEmpty() ? Map.of()
					: SlotCatalog.read(session, List.copyOf(question.slots))
						.stream()
						.collect(Collectors.toMap(SlotStatus::name, (slot) -> slot));
			ReplicationCapacity capacity = question.capacity
					? ReplicationCapacity.of(ServerSettingsCatalog.read(session, null)) : null;
			question.slots.forEach((name) -> lookups.put(name, SlotLookup.found(slots.get(name), capacity)));
			Map<TableName, Long> sizes = question.unready.isEmpty() ? Map.of()
					: TableSizeCatalog.read(session, question.unready);
			Set<String> syncSlots = question.syncSlots ? TableSyncSlotCatalog.tableSyncSlots(session) : null;
			return new Answer(lookups,
					PublishedTableCatalog.columnsByPublication(session, List.copyOf(question.publications)), sizes,
					syncSlots);
		}
		catch (ReplicationException ex) {
			question.slots.forEach((name) -> lookups.put(name, SlotLookup.failed(ex.getMessage())));
			return new Answer(lookups, Map.of(), Map.of(), null);
		}
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

	/** What to read on one publisher for all the subscriptions that point at it. */
	private static final class Asked {

		private final Set<String> slots = new LinkedHashSet<>();

		private final Set<String> publications = new LinkedHashSet<>();

		private final Set<TableName> unready = new LinkedHashSet<>();

		private boolean capacity;

		/** Whether a table is copied with no sync worker serving it, so its table-sync slot matters. */
		private boolean syncSlots;

	}

	/**
	 * What one publisher answered.
	 *
	 * @param slots the lookup of each slot asked for
	 * @param columns the columns each publication sends of each table; empty when not read
	 * @param sizes the size of each table not ready; empty when every table is ready
	 * @param syncSlots the table-sync slots of the publisher's cluster; {@code null} when not read
	 */
	private record Answer(Map<String, SlotLookup> slots, Map<String, Map<TableName, List<String>>> columns,
			Map<TableName, Long> sizes, @Nullable Set<String> syncSlots) {

		static final Answer NONE = new Answer(Map.of(), Map.of(), Map.of(), null);

	}

}
