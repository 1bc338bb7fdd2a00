package io.pgrepl.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

import io.pgrepl.core.health.HealthSnapshots;
import io.pgrepl.core.health.HealthThresholds;
import io.pgrepl.core.health.PublisherHealth;
import io.pgrepl.core.health.PublisherHealthCheck;
import io.pgrepl.core.health.ReplicationSnapshot;
import io.pgrepl.core.health.SubscriberHealthCheck;
import io.pgrepl.core.health.SubscriptionHealth;
import io.pgrepl.core.health.SyncProgress;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.internal.jdbc.TimeoutsDataSource;
import io.pgrepl.core.model.ReplicationArgumentException;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.SessionTimeouts;
import io.pgrepl.core.model.SubscriptionPair;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredStateException;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.core.plan.PendingChangesException;
import io.pgrepl.core.plan.Plan;
import io.pgrepl.core.plan.Reconciler;
import io.pgrepl.core.publication.Heartbeat;
import io.pgrepl.core.publication.Publication;
import io.pgrepl.core.sequence.SequenceSync;
import io.pgrepl.core.sequence.SequenceSyncReport;
import io.pgrepl.core.status.SyncState;
import io.pgrepl.core.status.TableSyncStatus;
import io.pgrepl.core.subscription.Subscription;
import io.pgrepl.core.switchover.Switchover;
import io.pgrepl.core.switchover.SwitchoverOptions;
import io.pgrepl.core.switchover.SwitchoverReport;
import io.pgrepl.core.verify.Verifier;
import io.pgrepl.core.verify.VerifyOptions;
import io.pgrepl.core.verify.VerifyReport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * <pre>{@code
 * Replication replication = Replication.configure(dataSource).desiredState(desiredState).load();
 * replication.apply();
 * }</pre>
 *
 * The replication of one managed database: the publications it should publish and the
 * subscriptions it should hold (a {@link DesiredState}), how to reconcile the catalog with them
 * ({@link #plan()}, {@link #validate()}, {@link #apply()}), how healthy they are
 * ({@link #publisherHealth()}, {@link #subscriptionHealth(String)}), and the operations on one
 * publication or subscription ({@link #publication(String)}, {@link #subscription(String)}).
 * Each declared subscription carries the {@link DataSource} through which this application
 * reaches its publisher ({@link DesiredSubscription#publisherDataSource()}).
 *
 * <p>
 * Thread-safe; every call reads the catalog afresh, except health, which concurrent calls share,
 * and later calls too within the {@linkplain Configuration#healthCache(Duration) health cache
 * window}. Its configuration is immutable; it remembers only its last {@link #apply()}
 * ({@link #lastApply()}).
 */
public final class Replication {

	private static final Logger logger = LoggerFactory.getLogger(Replication.class);

	/** How often {@link #awaitSync} reads the tables' states. */
	private static final Duration SYNC_POLL = Duration.ofMillis(500);

	/** How often {@link #awaitSync} logs its progress line. */
	private static final Duration SYNC_LOG = Duration.ofSeconds(5);

	/** How often the health snapshot compares the subscribed tables' columns with the published ones. */
	private static final Duration DRIFT_CHECK = Duration.ofMinutes(1);

	/** How long a health call waits for its snapshot unless configured. */
	public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(5);

	private final DataSource dataSource;

	private final DesiredState desiredState;

	private final HealthThresholds thresholds;

	private final Duration lockTimeout;

	private final SessionTimeouts timeouts;

	/** The managed database as pgrepl's own sessions use it: under the session timeouts. */
	private final DataSource sessions;

	private final Duration healthCache;

	private final Duration healthTimeout;

	private final HealthSnapshots<PublisherHealth> publisherHealth;

	private final HealthSnapshots<Map<String, SubscriptionHealth>> subscriptionsHealth;

	/** The last comparison of the subscribed tables' columns with the published ones. */
	private volatile @Nullable Drift drift;

	private volatile @Nullable ReconcileRun lastApply;

	private Replication(Configuration configuration) {
		this.dataSource = configuration.dataSource;
		this.timeouts = configuration.timeouts;
		this.sessions = TimeoutsDataSource.of(configuration.dataSource, configuration.timeouts);
		this.healthCache = configuration.healthCache;
		this.healthTimeout = configuration.healthTimeout;
		this.publisherHealth = new HealthSnapshots<>(this.healthCache, this.healthTimeout, this::readPublisherHealth);
		this.subscriptionsHealth = new HealthSnapshots<>(this.healthCache, this.healthTimeout,
				this::readSubscriptionsHealth);
		this.desiredState = configuration.desiredState;
		this.thresholds = configuration.thresholds;
		this.lockTimeout = configuration.lockTimeout;
	}

	/**
	 * Starts the configuration of the replication of this database; {@link Configuration#load()}
	 * ends it.
	 * @param dataSource the managed database
	 * @return a configuration with nothing declared, the default health thresholds and lock timeout
	 */
	public static Configuration configure(DataSource dataSource) {
		return new Configuration(dataSource);
	}

	/** The managed database. */
	public DataSource dataSource() {
		return this.dataSource;
	}

	/** The publications and subscriptions that should exist in the managed database. */
	public DesiredState desiredState() {
		return this.desiredState;
	}

	/** Where health warnings and issues start. */
	public HealthThresholds thresholds() {
		return this.thresholds;
	}

	/** How long {@link #apply()} waits for another instance's reconcile; zero waits indefinitely. */
	public Duration lockTimeout() {
		return this.lockTimeout;
	}

	/** How long a health snapshot answers later calls; zero shares it only among concurrent calls. */
	public Duration healthCache() {
		return this.healthCache;
	}

	/**
	 * The longest a health call waits for its snapshot before it fails with a
	 * {@link io.pgrepl.core.health.HealthTimeoutException}; zero waits as long as the snapshot takes.
	 */
	public Duration healthTimeout() {
		return this.healthTimeout;
	}

	/** The statement and lock timeouts under which pgrepl's statements run on the managed database. */
	public SessionTimeouts timeouts() {
		return this.timeouts;
	}

	/**
	 * What {@link #apply()} would change, logged (one INFO line per action, WARN per warning) and
	 * not run.
	 * @throws DesiredStateException when the desired state cannot be carried out
	 */
	public Plan plan() {
		return reconciler().plan();
	}

	/**
	 * What {@link #apply()} would change, like {@link #plan()}, logging nothing: for callers that
	 * ask often, such as a monitoring endpoint.
	 * @throws DesiredStateException when the desired state cannot be carried out
	 */
	public Plan drift() {
		return reconciler().drift();
	}

	/**
	 * Checks that the catalog matches the desired state, changing nothing.
	 * @throws PendingChangesException listing every difference
	 * @throws DesiredStateException when the desired state cannot be carried out
	 */
	public void validate() {
		reconciler().validate();
	}

	/**
	 * Makes the catalog match the desired state, under a lock shared by every instance managing
	 * this database, so that N instances starting together change it once.
	 * @return the plan that ran
	 * @throws DesiredStateException when the desired state cannot be carried out, before anything
	 * changes
	 */
	public Plan apply() {
		Instant startedAt = Instant.now();
		long start = System.nanoTime();
		Plan plan = reconciler().apply();
		this.lastApply = new ReconcileRun(startedAt, Duration.ofNanos(System.nanoTime() - start), plan);
		return plan;
	}

	/**
	 * Makes a thread stop the work of this replication it is doing ({@link #apply()},
	 * {@link #validate()}, {@link #awaitSync}): cancels the statement each of its sessions is
	 * running, as {@code pg_cancel_backend} would, and interrupts it. The work fails in its thread
	 * with the cancelled statement's error, and closes its sessions as on any failure. For a caller
	 * that gives up on work it runs in another thread, like an application told to stop while its
	 * startup waits for the reconcile lock or for a publisher.
	 * @param thread the thread doing the work
	 */
	public void cancel(Thread thread) {
		thread.interrupt();
		PgSession.cancel(thread);
	}

	/** The last {@link #apply()} that finished, if any has. */
	public Optional<ReconcileRun> lastApply() {
		return Optional.ofNullable(this.lastApply);
	}

	/**
	 * The health of the publishing side: {@code wal_level}, slot and walsender capacity, the
	 * declared publications (every publication there is when none are declared), tables they
	 * publish without a usable replica identity, and every logical slot of the database with its
	 * lag. See {@link ReplicationManager#healthCheckPublisher(DataSource, HealthThresholds, java.util.Collection)}.
	 */
	public PublisherHealth publisherHealth() {
		return this.publisherHealth.get();
	}

	private PublisherHealth readPublisherHealth() {
		List<String> publications = this.desiredState.publications().stream().map(DesiredPublication::name).toList();
		return PublisherHealthCheck.check(this.sessions, this.thresholds, publications);
	}

	/**
	 * The health of a subscription in the managed database. A declared subscription has its lag
	 * measured on its publisher, and being disabled is an issue only when it is declared enabled.
	 * Any other name is checked as one that should be enabled, without lag. A subscription that does
	 * not exist is an issue, not an exception. A declared subscription is read from the snapshot of
	 * {@link #subscriptionsHealth()}; a snapshot answers each subscription once within a second of
	 * being taken, so asking for every subscription in turn (as the actuator does) costs one
	 * snapshot, and asking for the same one again reads afresh (or within {@link #healthCache()}).
	 * See
	 * {@link ReplicationManager#healthCheckSubscriber(DataSource, String, HealthThresholds, DataSource, boolean)}.
	 * @param name the subscription
	 */
	public SubscriptionHealth subscriptionHealth(String name) {
		if (declaredSubscription(name).isPresent()) {
			return this.subscriptionsHealth.get(name).get(name);
		}
		return SubscriberHealthCheck.check(this.sessions, name, this.thresholds, null, true);
	}

	/**
	 * The health of every declared subscription, by name in declaration order, from one snapshot:
	 * two queries on the managed database and one on each publisher, however many subscriptions
	 * and tables. Calls within {@link #healthCache()} of a snapshot, and calls made while one is
	 * taken, share it.
	 */
	public Map<String, SubscriptionHealth> subscriptionsHealth() {
		return this.subscriptionsHealth.get();
	}

	private Map<String, SubscriptionHealth> readSubscriptionsHealth() {
		List<SubscriberHealthCheck.Checked> checked = this.desiredState.subscriptions()
			.stream()
			.map((subscription) -> new SubscriberHealthCheck.Checked(subscription.name(),
					subscription.publisherDataSource(), subscription.definition().enabled()))
			.toList();
		if (checked.isEmpty()) {
			return Map.of();
		}
		// Comparing every subscribed table's columns with the published ones costs more than the
		// rest of a snapshot at 1,000 tables: done once a minute, and at every snapshot while drift
		// is found; the snapshots in between report the last drift found.
		long now = System.nanoTime();
		Drift drift = this.drift;
		boolean due = drift == null || now - drift.checkedAt() >= DRIFT_CHECK.toNanos() || !drift.issues().isEmpty();
		Map<String, SubscriptionHealth> health = SubscriberHealthCheck.checkAll(this.sessions, checked, this.thresholds,
				due ? null : drift.issues());
		if (due) {
			this.drift = new Drift(now, SubscriberHealthCheck.driftIssues(health));
		}
		return Collections.unmodifiableMap(health);
	}

	/**
	 * The health of everything declared, read together: the publisher's when publications are
	 * declared, and each declared subscription's. The same queries as {@link #publisherHealth()}
	 * and {@link #subscriptionHealth(String)}, however many tables there are. Both are read at once,
	 * so that a call waits no longer than the {@linkplain Configuration#healthTimeout(Duration)
	 * health timeout}, as each of those does.
	 */
	public ReplicationSnapshot snapshot() {
		Instant readAt = Instant.now();
		long asked = System.nanoTime();
		long deadline = asked + this.healthTimeout.toNanos();
		boolean publications = !this.desiredState.publications().isEmpty();
		if (publications) {
			this.subscriptionsHealth.start(asked);
		}
		PublisherHealth publisher = publications ? this.publisherHealth.get(null, asked, deadline) : null;
		Map<String, SubscriptionHealth> health = this.subscriptionsHealth.get(null, asked, deadline);
		List<SubscriptionHealth> subscriptions = this.desiredState.subscriptions()
			.stream()
			.map((subscription) -> health.get(subscription.name()))
			.toList();
		return new ReplicationSnapshot(readAt, publisher, subscriptions);
	}

	/**
	 * Writes the heartbeat of every declared publication that has one, in one statement under the
	 * session timeouts, each stamped with the publisher's clock ({@link Heartbeat}). The application
	 * calls it every {@link #heartbeatInterval()} (the Spring Boot starter does); a subscriber reads
	 * the age of the newest heartbeat it applied as end-to-end lag
	 * ({@link SubscriptionHealth#heartbeat()}), without a connection to the publisher.
	 * @return when the publisher stamped them; empty when no declared publication has a heartbeat
	 */
	public Optional<Instant> heartbeat() {
		Map<String, Duration> intervals = new LinkedHashMap<>();
		for (DesiredPublication publication : this.desiredState.publications()) {
			if (publication.heartbeat() != null) {
				intervals.put(publication.name(), publication.heartbeat());
			}
		}
		return intervals.isEmpty() ? Optional.empty() : Optional.of(Heartbeat.write(this.sessions, intervals));
	}

	/**
	 * How often {@link #heartbeat()} should run: the shortest heartbeat of the declared publications
	 * (all are written together); empty when none has one.
	 */
	public Optional<Duration> heartbeatInterval() {
		return this.desiredState.publications()
			.stream()
			.map(DesiredPublication::heartbeat)
			.filter(Objects::nonNull)
			.min(Duration::compareTo);
	}

	/**
	 * Waits until every table of the subscription is ready (its initial copy done and caught up),
	 * logging one progress line every few seconds: tables by state, what is copied of the
	 * publisher's size of the tables not ready (an estimate), what the running copies received, the
	 * copy rate and the time left at that rate ({@link SyncProgress}).
	 * @param name the subscription
	 * @param timeout how long to wait
	 * @throws SyncTimeoutException after the timeout, naming each table not ready and its state; at
	 * once when health reports a table that can never finish its sync (its table-sync slot lost)
	 */
	public void awaitSync(String name, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		SyncProgress logged = null;
		long loggedAt = System.nanoTime();
		while (true) {
			SubscriptionHealth health = subscriptionHealth(name);
			SyncProgress progress = SyncProgress.of(health);
			if (health.exists() && health.tables().counts().total() == 0) {
				logger.info("pgrepl: subscription '{}' has no tables to copy: its publications publish none", name);
				return;
			}
			if (progress.done()) {
				logger.info("pgrepl: {}", progress.describe(null, Duration.ZERO));
				return;
			}
			if (health.initialSyncCannotFinish()) {
				throw SyncTimeoutException.cannotFinish(name, notReady(health), health.issues());
			}
			long now = System.nanoTime();
			if (logged == null || now - loggedAt >= SYNC_LOG.toNanos()) {
				logger.info("pgrepl: waiting for the initial sync: {}",
						progress.describe(logged, Duration.ofNanos(now - loggedAt)));
				logged = progress;
				loggedAt = now;
			}
			if (now >= deadline) {
				throw new SyncTimeoutException(name, timeout, notReady(health), health.issues());
			}
			try {
				Thread.sleep(Math.min(SYNC_POLL.toMillis(), Math.max(1, (deadline - now) / 1_000_000)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ReplicationException("interrupted while waiting for the initial sync of subscription '"
						+ name + "'");
			}
		}
	}

	private static List<TableSyncStatus> notReady(SubscriptionHealth health) {
		return health.tables().all().stream().filter((table) -> table.state() != SyncState.READY).toList();
	}

	/** The operations on a publication of the managed database, declared or not. */
	public Publication publication(String name) {
		return new Publication(this.sessions, name);
	}

	/**
	 * The operations on a subscription of the managed database. A declared subscription reaches its
	 * publisher through its publisher {@link DataSource} when pgrepl needs to (same-cluster
	 * detection, slot creation); any other, through its connection string.
	 */
	public Subscription subscription(String name) {
		return declaredSubscription(name).map((subscription) -> subscription.subscription(this.sessions))
			.orElseGet(() -> new Subscription(this.sessions, name));
	}

	/**
	 * Sets the subscriber's sequences to the publisher's values: those owned by the published tables
	 * (identity and serial columns) and those the subscription lists, with no safety margin. Standalone
	 * sequences the subscriber lacks are created when the subscription creates its tables, and named
	 * in the report otherwise.
	 * @param subscription a declared subscription
	 * @return each sequence's value before and after
	 */
	public SequenceSyncReport syncSequences(String subscription) {
		return syncSequences(subscription, 0);
	}

	/**
	 * {@link #syncSequences(String)}, with each publisher value moved by {@code safetyMargin} in the
	 * direction of the increment, for values the publisher may still hand out after the sync.
	 */
	public SequenceSyncReport syncSequences(String subscription, long safetyMargin) {
		DesiredSubscription declared = requireDeclared(subscription, "sync its sequences");
		return new SequenceSync(declared.pair(this.dataSource), declared.sequences(), declared.createTables(),
				safetyMargin).run();
	}

	/**
	 * Compares every table the subscription receives between its publisher and this database, with
	 * {@link VerifyOptions#DEFAULTS}, while replication keeps running.
	 * @param subscription a declared subscription
	 * @return per table: rows compared, chunks, persistent differences with sample keys, time
	 */
	public VerifyReport verify(String subscription) {
		return verify(subscription, VerifyOptions.DEFAULTS);
	}

	/** {@link #verify(String)} with these options. */
	public VerifyReport verify(String subscription, VerifyOptions options) {
		return new Verifier(requireDeclared(subscription, "verify it").pair(this.dataSource), options).run();
	}

	/**
	 * Moves the application's writes from the publisher to this database: preflight, stop the
	 * roles' writes on the publisher, wait until this database caught up, sync sequences, optionally
	 * verify, then drop or disable the subscription. A failed step rolls back (the publisher takes
	 * writes again, the subscription keeps replicating); see {@link Switchover}.
	 * @param subscription a declared subscription
	 * @param options the roles to stop, thresholds, what to verify and how to finish, dry run
	 * @return each step with its outcome, and the write-blocked window
	 */
	public SwitchoverReport switchover(String subscription, SwitchoverOptions options) {
		DesiredSubscription declared = requireDeclared(subscription, "switch over");
		SubscriptionPair pair = declared.pair(this.dataSource);
		SequenceSync sequences = new SequenceSync(pair, declared.sequences(), declared.createTables(),
				options.sequenceMargin());
		return new Switchover(pair, sequences, options).run();
	}

	private DesiredSubscription requireDeclared(String name, String purpose) {
		return declaredSubscription(name).orElseThrow(() -> new ReplicationArgumentException("subscription",
				"Subscription '" + name + "' is not declared; declare it (with how this application reaches its "
						+ "publisher) to " + purpose));
	}

	private Optional<DesiredSubscription> declaredSubscription(String name) {
		return this.desiredState.subscriptions()
			.stream()
			.filter((subscription) -> subscription.name().equals(name))
			.findFirst();
	}

	private Reconciler reconciler() {
		return new Reconciler(this.sessions, this.desiredState, this.lockTimeout);
	}

	/** Names the database's declared objects only: the data source may print connection details. */
	@Override
	public String toString() {
		return "Replication[" + this.desiredState.publications().stream().map(DesiredPublication::name).toList() + ", "
				+ this.desiredState.subscriptions().stream().map(DesiredSubscription::name).toList() + "]";
	}

	/**
	 * The configuration of a {@link Replication}, from {@link Replication#configure(DataSource)} to
	 * {@link #load()}.
	 */
	public static final class Configuration {

		private final DataSource dataSource;

		private DesiredState desiredState = new DesiredState(List.of(), List.of());

		private HealthThresholds thresholds = HealthThresholds.DEFAULTS;

		private Duration lockTimeout = Reconciler.DEFAULT_LOCK_TIMEOUT;

		private SessionTimeouts timeouts = SessionTimeouts.DEFAULTS;

		private Duration healthCache = Duration.ZERO;

		private Duration healthTimeout = DEFAULT_HEALTH_TIMEOUT;

		private Configuration(DataSource dataSource) {
			this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
		}

		/** What should exist in the managed database; nothing by default. */
		public Configuration desiredState(DesiredState desiredState) {
			this.desiredState = Objects.requireNonNull(desiredState, "desiredState");
			return this;
		}

		/** Where health warnings and issues start; {@link HealthThresholds#DEFAULTS} by default. */
		public Configuration thresholds(HealthThresholds thresholds) {
			this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
			return this;
		}

		/**
		 * How long {@link Replication#apply()} waits for another instance's reconcile; zero waits
		 * indefinitely. {@link Reconciler#DEFAULT_LOCK_TIMEOUT} by default.
		 */
		public Configuration lockTimeout(Duration lockTimeout) {
			this.lockTimeout = Objects.requireNonNull(lockTimeout, "lockTimeout");
			return this;
		}

		/**
		 * The {@code statement_timeout} and {@code lock_timeout} of pgrepl's statements on the managed
		 * database; {@link SessionTimeouts#DEFAULTS} by default. The wait for the reconcile lock has
		 * its own budget, {@link #lockTimeout(Duration)}.
		 */
		public Configuration timeouts(SessionTimeouts timeouts) {
			this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
			return this;
		}

		/**
		 * How long a health snapshot answers later calls; zero (the default) shares a snapshot only
		 * among calls made while it is taken.
		 */
		public Configuration healthCache(Duration healthCache) {
			this.healthCache = Objects.requireNonNull(healthCache, "healthCache");
			return this;
		}

		/**
		 * The longest a health call waits (5 seconds by default; zero waits as long as it takes).
		 * A server that accepts the connection and never answers would otherwise hold each call for
		 * the connect, login or socket timeout, longer than a probe waits: the snapshot is taken in
		 * the background, callers join it, and one that runs out of time fails with a
		 * {@link io.pgrepl.core.health.HealthTimeoutException} naming the server; the snapshot
		 * answers later calls once taken.
		 */
		public Configuration healthTimeout(Duration healthTimeout) {
			this.healthTimeout = Objects.requireNonNull(healthTimeout, "healthTimeout");
			return this;
		}

		/** The replication so configured. */
		public Replication load() {
			return new Replication(this);
		}

	}

	/**
	 * @param checkedAt when the columns were compared ({@link System#nanoTime()})
	 * @param issues the drift issues found then, by subscription
	 */
	private record Drift(long checkedAt, Map<String, List<String>> issues) {

	}

}
