package io.pgrepl.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pgrepl.core.ReconcileRun;
import io.pgrepl.core.Replication;
import io.pgrepl.core.health.PublisherHealth;
import io.pgrepl.core.health.ReplicationSnapshot;
import io.pgrepl.core.health.SubscriptionHealth;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.core.status.ConflictCounts;
import io.pgrepl.core.status.SlotStatus;
import io.pgrepl.core.status.SyncState;
import org.jspecify.annotations.Nullable;

/**
 * The meters of a {@link Replication}: per declared subscription its lag, heartbeat lag, unconfirmed
 * WAL, tables by sync state, error and conflict counters and whether its worker runs; per logical slot of the
 * publisher database its retained and unconfirmed WAL, whether it is active and its
 * {@code wal_status}; the publisher's slot and walsender capacity; and the last startup reconcile.
 * Every meter reads one {@link ReplicationSnapshot} per refresh window. A value that is not known
 * (a server cannot be read, a counter PostgreSQL 14 lacks, a lag no walsender measured) is NaN,
 * never zero.
 */
public final class ReplicationMetrics implements MeterBinder {

	private static final String WAL_STATUS = "wal_status";

	private static final List<String> WAL_STATUSES = List.of("reserved", "extended", "unreserved", "lost");

	private static final List<String> CONFLICT_TYPES = List.copyOf(new ConflictCounts(0, 0, 0, 0, 0, 0, 0).all()
		.keySet());

	private final Replication replication;

	private final SnapshotCache snapshots;

	private final List<MultiGauge> slotGauges = new ArrayList<>();

	/**
	 * @param replication the replication to measure
	 * @param refresh how long one reading serves every meter
	 */
	public ReplicationMetrics(Replication replication, Duration refresh) {
		this(replication, refresh, Clock.systemUTC());
	}

	ReplicationMetrics(Replication replication, Duration refresh, Clock clock) {
		this.replication = replication;
		this.snapshots = new SnapshotCache(replication, refresh, clock, this::registerSlots);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (DesiredSubscription subscription : this.replication.desiredState().subscriptions()) {
			bindSubscription(registry, subscription.name());
		}
		if (!this.replication.desiredState().publications().isEmpty()) {
			bindPublisher(registry);
		}
		bindReconcile(registry);
	}

	private void bindSubscription(MeterRegistry registry, String name) {
		Tags tags = Tags.of("subscription", name);
		TimeGauge.builder("pgrepl.subscription.lag", this, TimeUnit.SECONDS,
				subscription(name, (health) -> seconds(health.slot().lag())))
			.description("Replay lag: how much later changes are applied than written on the publisher (NaN: unknown)")
			.tags(tags)
			.strongReference(true)
			.register(registry);
		TimeGauge.builder("pgrepl.subscription.heartbeat.lag", this, TimeUnit.SECONDS,
				subscription(name, (health) -> seconds(health.heartbeat().lag())))
			.description("Age of the newest heartbeat the subscription applied: end-to-end lag, measured on the "
					+ "subscriber (NaN: its publisher writes no heartbeat)")
			.tags(tags)
			.strongReference(true)
			.register(registry);
		gauge(registry, "pgrepl.subscription.unconfirmed.wal", BaseUnits.BYTES,
				"WAL the subscriber has not confirmed to the publisher", tags,
				subscription(name, (health) -> value(health.slot().lagBytes())));
		for (SyncState state : SyncState.values()) {
			gauge(registry, "pgrepl.subscription.tables", "tables", "Tables of the subscription in each sync state",
					tags.and("state", state.displayName()),
					subscription(name, (health) -> health.tables().counts().toMap().get(state.displayName())));
		}
		gauge(registry, "pgrepl.subscription.worker.running", null, "Whether the apply worker runs (1) or not (0)",
				tags, subscription(name, (health) -> health.worker().running() ? 1 : 0));
		gauge(registry, "pgrepl.subscription.enabled", null, "Whether the subscription is enabled (1) or not (0)",
				tags, subscription(name, (health) -> health.enabled() ? 1 : 0));
		counter(registry, "pgrepl.subscription.errors", "Errors applying changes (apply) or copying tables (sync)",
				tags.and("type", "apply"), subscription(name, (health) -> value(health.counters().applyErrors())));
		counter(registry, "pgrepl.subscription.errors", "Errors applying changes (apply) or copying tables (sync)",
				tags.and("type", "sync"), subscription(name, (health) -> value(health.counters().syncErrors())));
		for (String type : CONFLICT_TYPES) {
			counter(registry, "pgrepl.subscription.conflicts", "Conflicts met applying changes, by type (PostgreSQL 18+)",
					tags.and("type", type), subscription(name, (health) -> conflicts(health, type)));
		}
	}

	private void bindPublisher(MeterRegistry registry) {
		gauge(registry, "pgrepl.publisher.slots.used", null, "Replication slots in use (max_replication_slots caps them)",
				Tags.empty(), publisher((health) -> health.capacity().replicationSlotsInUse()));
		gauge(registry, "pgrepl.publisher.slots.max", null, "max_replication_slots", Tags.empty(),
				publisher((health) -> health.capacity().maxReplicationSlots()));
		gauge(registry, "pgrepl.publisher.walsenders.used", null, "Walsenders running (max_wal_senders caps them)",
				Tags.empty(), publisher((health) -> health.capacity().walSendersInUse()));
		gauge(registry, "pgrepl.publisher.walsenders.max", null, "max_wal_senders", Tags.empty(),
				publisher((health) -> health.capacity().maxWalSenders()));
		this.slotGauges.add(MultiGauge.builder("pgrepl.slot.retained.wal")
			.baseUnit(BaseUnits.BYTES)
			.description("WAL the slot keeps on the publisher")
			.register(registry));
		this.slotGauges.add(MultiGauge.builder("pgrepl.slot.unconfirmed.wal")
			.baseUnit(BaseUnits.BYTES)
			.description("WAL the slot's subscriber has not confirmed")
			.register(registry));
		this.slotGauges.add(MultiGauge.builder("pgrepl.slot.active")
			.description("Whether a walsender streams from the slot (1) or not (0)")
			.register(registry));
		this.slotGauges.add(MultiGauge.builder("pgrepl.slot.wal.status")
			.description("The slot's wal_status: 1 for the current one, 0 for the others")
			.register(registry));
	}

	private void bindReconcile(MeterRegistry registry) {
		TimeGauge.builder("pgrepl.reconcile.duration", this, TimeUnit.SECONDS,
				(metrics) -> reconcile((run) -> run.duration().toNanos() / 1e9))
			.description("How long the last startup reconcile took, waiting for the lock included")
			.strongReference(true)
			.register(registry);
		gauge(registry, "pgrepl.reconcile.statements", "statements", "Statements the last startup reconcile ran",
				Tags.empty(), (metrics) -> reconcile(ReconcileRun::statements));
	}

	/**
	 * The slots come and go (table-sync slots live while a table copies), so their rows follow
	 * each reading: new slots get rows, gone ones lose theirs. Rows of a slot that stays are kept,
	 * not re-registered, since a scrape may be the reading's trigger; each reads the current
	 * window's snapshot by slot name.
	 */
	private void registerSlots(ReplicationSnapshot snapshot) {
		if (this.slotGauges.isEmpty() || snapshot.publisher() == null) {
			return;
		}
		List<String> names = snapshot.publisher().slots().stream().map(SlotStatus::name).toList();
		this.slotGauges.get(0).register(rows(names, (slot) -> value(slot.retainedBytes())), false);
		this.slotGauges.get(1).register(rows(names, (slot) -> value(slot.lagBytes())), false);
		this.slotGauges.get(2).register(rows(names, (slot) -> slot.active() ? 1 : 0), false);
		List<MultiGauge.Row<?>> states = new ArrayList<>();
		for (String name : names) {
			for (String status : WAL_STATUSES) {
				states.add(MultiGauge.Row.of(Tags.of("slot", name, WAL_STATUS, status), this,
						slot(name, (slot) -> status.equals(slot.walStatus()) ? 1 : 0)));
			}
		}
		this.slotGauges.get(3).register(states, false);
	}

	private List<MultiGauge.Row<?>> rows(List<String> names, ToDoubleFunction<SlotStatus> value) {
		return names.stream()
			.<MultiGauge.Row<?>>map((name) -> MultiGauge.Row.of(Tags.of("slot", name), this, slot(name, value)))
			.toList();
	}

	private ToDoubleFunction<ReplicationMetrics> slot(String name, ToDoubleFunction<SlotStatus> value) {
		return publisher((health) -> health.slots()
			.stream()
			.filter((slot) -> slot.name().equals(name))
			.findFirst()
			.map(value::applyAsDouble)
			.orElse(Double.NaN));
	}

	private ToDoubleFunction<ReplicationMetrics> subscription(String name,
			Function<SubscriptionHealth, @Nullable Number> value) {
		return (metrics) -> {
			ReplicationSnapshot snapshot = this.snapshots.get();
			SubscriptionHealth health = (snapshot != null) ? snapshot.subscription(name).orElse(null) : null;
			Number number = (health != null && health.exists()) ? value.apply(health) : null;
			return (number != null) ? number.doubleValue() : Double.NaN;
		};
	}

	private ToDoubleFunction<ReplicationMetrics> publisher(ToDoubleFunction<PublisherHealth> value) {
		return (metrics) -> {
			ReplicationSnapshot snapshot = this.snapshots.get();
			return (snapshot != null && snapshot.publisher() != null) ? value.applyAsDouble(snapshot.publisher())
					: Double.NaN;
		};
	}

	private double reconcile(ToDoubleFunction<ReconcileRun> value) {
		return this.replication.lastApply().map(value::applyAsDouble).orElse(Double.NaN);
	}

	private void gauge(MeterRegistry registry, String name, @Nullable String baseUnit, String description, Tags tags,
			ToDoubleFunction<ReplicationMetrics> value) {
		Gauge.builder(name, this, value)
			.baseUnit(baseUnit)
			.description(description)
			.tags(tags)
			.strongReference(true)
			.register(registry);
	}

	private void counter(MeterRegistry registry, String name, String description, Tags tags,
			ToDoubleFunction<ReplicationMetrics> value) {
		FunctionCounter.builder(name, this, value).description(description).tags(tags).register(registry);
	}

	private static @Nullable Double seconds(@Nullable Duration duration) {
		return (duration != null) ? duration.toNanos() / 1e9 : null;
	}

	private static double value(@Nullable Long value) {
		return (value != null) ? value : Double.NaN;
	}

	private static @Nullable Long conflicts(SubscriptionHealth health, String type) {
		ConflictCounts conflicts = health.counters().conflicts();
		return (conflicts != null) ? conflicts.all().get(type) : null;
	}

	/** Names the object measured only: the {@link Replication} may print connection details. */
	@Override
	public String toString() {
		return "ReplicationMetrics[" + this.replication + "]";
	}

}
