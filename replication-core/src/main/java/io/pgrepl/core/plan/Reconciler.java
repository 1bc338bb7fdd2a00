package io.pgrepl.core.plan;

import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Side;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one database match a {@link DesiredState}, the way Flyway migrates one: {@link #plan()}
 * shows what would change, {@link #validate()} fails if anything would, {@link #apply()} changes
 * it. Each first reads the catalog once and validates the whole desired state, so a problem stops
 * everything before the first statement. Applications reach it through
 * {@link io.pgrepl.core.Replication}.
 *
 * <pre>{@code
 * new Reconciler(dataSource, new DesiredState(List.of(DesiredPublication.of("orders_pub",
 *         PublicationDefinition.forTables("orders"))), List.of())).apply();
 * }</pre>
 */
public final class Reconciler {

	/** How long {@link #apply()} waits for another instance's reconcile by default. */
	public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(60);

	private static final Logger logger = LoggerFactory.getLogger(Reconciler.class);

	private final DataSource dataSource;

	private final DesiredState desired;

	private final Duration lockTimeout;

	public Reconciler(DataSource dataSource, DesiredState desired) {
		this(dataSource, desired, DEFAULT_LOCK_TIMEOUT);
	}

	/**
	 * @param dataSource the managed database
	 * @param desired what should exist there
	 * @param lockTimeout how long {@link #apply()} waits for another instance's reconcile; zero
	 * waits indefinitely
	 */
	public Reconciler(DataSource dataSource, DesiredState desired, Duration lockTimeout) {
		this.dataSource = dataSource;
		this.desired = desired;
		this.lockTimeout = lockTimeout;
	}

	/**
	 * The plan, logged (one INFO line per action, WARN per warning) and not run.
	 * @throws DesiredStateException when the desired state cannot be carried out
	 */
	public Plan plan() {
		Plan plan = readAndPlan(true);
		plan.actions().forEach((action) -> logger.info("pgrepl plan: would {}: {}", action.description(), action.sql()));
		logWarnings(plan);
		if (plan.isEmpty()) {
			logger.info("pgrepl plan: the database matches the declared replication state");
		}
		return plan;
	}

	/**
	 * What {@link #apply()} would change, as {@link #plan()} computes it, logging nothing: for
	 * callers that ask often, such as a monitoring endpoint.
	 * @throws DesiredStateException when the desired state cannot be carried out
	 */
	public Plan drift() {
		return readAndPlan(false);
	}

	/**
	 * Checks that the catalog matches, changing nothing.
	 * @throws PendingChangesException listing every difference
	 * @throws DesiredStateException when the desired state cannot be carried out
	 */
	public void validate() {
		Plan plan = readAndPlan(true);
		if (!plan.isEmpty()) {
			throw new PendingChangesException(plan, this.desired.settingNames());
		}
	}

	/**
	 * Runs the plan. When it has actions, takes the reconcile lock, reads the catalog again (another
	 * instance may have done the work meanwhile) and runs what is still needed, so that N instances
	 * starting together change the catalog once. Warnings are logged, not run. A build of deferred
	 * indexes and constraints that fails is logged at WARN and left for the next apply; the rest of
	 * the plan still runs.
	 * @return the plan that ran
	 * @throws DesiredStateException when the desired state cannot be carried out
	 */
	public Plan apply() {
		Plan plan = readAndPlan(true);
		if (!plan.hasNoActions()) {
			// everything under the lock runs on the lock's connection, so a pool of one is enough
			try (ReconcileLock lock = ReconcileLock.acquire(this.dataSource, this.lockTimeout)) {
				plan = readAndPlan(lock.session(), false);
				if (!plan.hasNoActions()) {
					logger.info("pgrepl: making {} change(s) to match the declared replication state",
							plan.actions().size());
					try (PlanExecutor executor = new PlanExecutor(this.dataSource, this.desired, lock.session())) {
						executor.execute(plan);
					}
				}
			}
		}
		logWarnings(plan);
		return plan;
	}

	private Plan readAndPlan(boolean first) {
		try (PgSession session = PgSession.open(this.dataSource, Side.DATABASE, this.desired.secrets())) {
			return readAndPlan(session, first);
		}
	}

	private Plan readAndPlan(PgSession session, boolean first) {
		CatalogSnapshot snapshot;
		try (PgSession database = session.view(Side.DATABASE, this.desired.secrets())) {
			snapshot = CatalogReader.read(database, this.desired);
		}
		if (first) {
			warnUnreachablePublishers(snapshot);
		}
		List<DesiredStateProblem> problems = DesiredStateValidator.validate(this.desired, snapshot);
		if (!problems.isEmpty()) {
			throw new DesiredStateException(problems, this.desired.settingNames());
		}
		return Planner.plan(this.desired, snapshot);
	}

	/** Existing subscriptions reconciled without their publisher: what was not checked, once per reconcile. */
	private void warnUnreachablePublishers(CatalogSnapshot snapshot) {
		for (DesiredSubscription subscription : this.desired.subscriptions()) {
			PublisherSnapshot publisher = snapshot.publishers().get(subscription.name());
			if (publisher != null && !publisher.reachable() && !subscription.requirePublisher()
					&& snapshot.subscriptions().containsKey(subscription.name())) {
				logger.warn("pgrepl: the publisher of subscription '{}' cannot be reached ({}); not checked: that "
						+ "its publications exist, its tables against the published ones, its wal_level, and new "
						+ "tables to refresh; its health is DOWN until the publisher answers", subscription.name(),
						publisher.failure());
			}
		}
	}

	private void logWarnings(Plan plan) {
		plan.warnings().forEach((warning) -> logger.warn("pgrepl: {}", warning.render(this.desired.settingNames())));
	}

}
