package io.pgrepl.core.health;

import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

import io.pgrepl.core.internal.catalog.DeferredDdlCatalog;
import io.pgrepl.core.internal.catalog.ServerSettingsCatalog;
import io.pgrepl.core.internal.catalog.SlotCatalog;
import io.pgrepl.core.internal.catalog.SubscriptionStatsCatalog;
import io.pgrepl.core.internal.catalog.SyncStatusCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.status.ReplicationCapacity;
import io.pgrepl.core.status.SubscriptionStats;
import io.pgrepl.core.status.TableSyncStatus;
import org.jspecify.annotations.Nullable;

/**
 * Checks one subscription in four queries on the subscriber (version, subscription with worker and
 * counters, table states, tables waiting for deferred indexes) and, given the publisher, two there
 * (version, slot), however many tables it has. Called through {@link io.pgrepl.core.ReplicationManager#healthCheckSubscriber}.
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
		Identifiers.requireValid(name, "subscription name");
		SubscriptionStats stats;
		List<TableSyncStatus> tables;
		List<String> deferred;
		try (PgSession session = PgSession.open(subscriber, Side.SUBSCRIBER)) {
			Optional<SubscriptionStats> found = SubscriptionStatsCatalog.read(session, name);
			if (found.isEmpty()) {
				return SubscriberRules.missing(name);
			}
			stats = found.get();
			tables = SyncStatusCatalog.read(session, List.of(name));
			deferred = DeferredDdlCatalog.pendingTables(session, name);
		}
		// A stuck copy may be a full publisher: only then are its slots and walsenders counted.
		boolean stuck = tables.stream().anyMatch(TableSyncStatus::stuckCopying);
		SlotLookup slot = (publisher != null && stats.slotName() != null) ? lookUp(publisher, stats.slotName(), stuck)
				: SlotLookup.NOT_CONSULTED;
		return SubscriberRules.withDeferred(SubscriberRules.evaluate(stats, tables, slot, thresholds, expectEnabled),
				deferred);
	}

	/** Every table of every subscription of the subscriber's database, in one query. */
	public static List<TableSyncStatus> status(DataSource subscriber) {
		try (PgSession session = PgSession.open(subscriber, Side.SUBSCRIBER)) {
			return SyncStatusCatalog.read(session, List.of());
		}
	}

	private static SlotLookup lookUp(DataSource publisher, String slotName, boolean withCapacity) {
		try (PgSession session = PgSession.open(publisher, Side.PUBLISHER)) {
			return SlotLookup.found(SlotCatalog.read(session, List.of(slotName)).stream().findFirst().orElse(null),
					withCapacity ? ReplicationCapacity.of(ServerSettingsCatalog.read(session, null)) : null);
		}
		catch (ReplicationException ex) {
			return SlotLookup.failed(ex.getMessage());
		}
	}

}
