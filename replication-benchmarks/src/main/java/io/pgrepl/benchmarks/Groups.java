package io.pgrepl.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import io.pgrepl.core.Replication;
import io.pgrepl.core.ReplicationManager;
import io.pgrepl.core.health.HealthThresholds;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.Plan;
import io.pgrepl.core.plan.Reconciler;
import org.jspecify.annotations.Nullable;

/**
 * The comparisons of issue 11, each a {@link Group} of calls on the built state: health and
 * reconcile through the core's stable entry points, and the subscribing application's HTTP health
 * and startup, each against the cheapest call that reaches the same server.
 */
final class Groups {

	private final BenchmarkSettings settings;

	private final BenchmarkServers servers;

	private final BenchmarkState state;

	private final BenchmarkConnections connections;

	private final Group.Repeats repeats;

	Groups(BenchmarkSettings settings, BenchmarkServers servers, BenchmarkState state,
			BenchmarkConnections connections) {
		this.settings = settings;
		this.servers = servers;
		this.state = state;
		this.connections = connections;
		this.repeats = new Group.Repeats(settings.warmup(), settings.rounds(), settings.countingCalls());
	}

	/** The groups of the core API, whose calls go through the counting wrappers. */
	List<Group> core() {
		return List.of(subscriberHealth(), publisherHealth(), subscriberReconcile(), publisherReconcile());
	}

	Group subscriberHealth() {
		int subscriptions = this.state.subscriptions().size();
		String check = "`healthCheckSubscriber` × " + subscriptions;
		return new Group("Subscriber health, all " + subscriptions + " subscriptions",
				isValid("subscriber", this.connections.subscriberPool()),
				List.of(Candidate.of(check + ", an unpooled publisher DataSource per subscription (the starter before issue 11)",
						() -> subscriberHealth(this.connections.unpooledPublishers())),
						Candidate.of(check + ", one HikariCP pool to the publisher",
								() -> subscriberHealth(this.connections.pooledPublishers())),
						Candidate.of("`Replication.subscriptionsHealth()`, one snapshot of all " + subscriptions
								+ " through the shared publisher pool (the starter now)",
								() -> Replication.configure(this.connections.subscriberPool())
									.desiredState(this.state.subscriberState(this.connections.pooledPublishers()))
									.load()
									.subscriptionsHealth()),
						Candidate.of(check + ", no publisher (no lag)", () -> subscriberHealth(null)),
						Candidate.of("naive: one query per table (" + this.state.tables().size()
								+ " queries) on the pooled subscriber", this::naivePerTable)),
				this.repeats, true);
	}

	Group publisherHealth() {
		return new Group("Publisher health, " + this.state.publications().size() + " publications of "
				+ this.state.tables().size() + " tables", isValid("publisher", this.connections.publisherPool()),
				List.of(Candidate.of("`healthCheckPublisher`, pooled publisher",
						() -> ReplicationManager.healthCheckPublisher(this.connections.publisherPool(),
								HealthThresholds.DEFAULTS, this.state.publicationNames()))),
				this.repeats, true);
	}

	Group subscriberReconcile() {
		DesiredState unpooled = this.state.subscriberState(this.connections.unpooledPublishers());
		DesiredState pooled = this.state.subscriberState(this.connections.pooledPublishers());
		return new Group("Reconcile in sync, subscriber, " + this.state.subscriptions().size() + " subscriptions",
				catalogQuery("subscriber", this.connections.subscriberPool(),
						"select s.subname, r.srrelid, r.srsubstate from pg_subscription_rel r "
								+ "join pg_subscription s on s.oid = r.srsubid"),
				List.of(Candidate.of(
						"`Reconciler.apply()`, an unpooled publisher DataSource per subscription (the starter before issue 11)",
						() -> reconcile(this.connections.subscriberPool(), unpooled)),
						Candidate.of("`Reconciler.apply()`, one HikariCP pool to the publisher (the starter now)",
								() -> reconcile(this.connections.subscriberPool(), pooled))),
				this.repeats, true);
	}

	Group publisherReconcile() {
		return new Group("Reconcile in sync, publisher, " + this.state.publications().size() + " publications",
				catalogQuery("publisher", this.connections.publisherPool(),
						"select pubname, schemaname, tablename from pg_publication_tables"),
				List.of(Candidate.of("`Reconciler.apply()`, pooled publisher",
						() -> reconcile(this.connections.publisherPool(), this.state.publisherState()))),
				this.repeats, true);
	}

	/** Actuator health of the running subscribing application, over HTTP. */
	Group httpHealth(SubscriberApplication application) {
		return new Group("HTTP health of the subscribing application (the starter as it is, mode apply, `replication.health.cache` 0s)",
				Candidate.of("`GET /actuator/health/db` (baseline)", () -> application.get("/actuator/health/db")),
				List.of(Candidate.of("`GET /actuator/health/replication`",
						() -> application.get("/actuator/health/replication"))),
				this.repeats, false);
	}

	/** Starts of the subscribing application, in this JVM, with and without the starter at work. */
	Group startup() {
		String title = "Start of the subscribing application, in sync (" + this.settings.startupRounds()
				+ " starts of each, in one JVM)";
		return new Group(title, start("`replication.enabled=false`, as without the starter (baseline)", "disabled"),
				List.of(start("`replication.enabled=false`, the application opening its pool at startup (a `schema.sql` "
						+ "of one `SELECT 1`, as Flyway or JPA would)", "disabled-init"),
						start("`replication.mode=none`", "none"), start("`replication.mode=apply`, in sync", "apply")),
				new Group.Repeats(1, this.settings.startupRounds(), 1), false);
	}

	private Candidate start(String name, String mode) {
		return new Candidate(name, () -> SubscriberApplication.startNanos(this.servers.publisher(),
				this.servers.subscriber(), this.state, mode));
	}

	private void subscriberHealth(@Nullable Map<String, DataSource> publishers) {
		for (String name : this.state.subscriptionNames()) {
			ReplicationManager.healthCheckSubscriber(this.connections.subscriberPool(), name, HealthThresholds.DEFAULTS,
					(publishers != null) ? publishers.get(name) : null);
		}
	}

	private void naivePerTable() throws Exception {
		try (Connection connection = this.connections.subscriberPool().getConnection();
				PreparedStatement statement = connection
					.prepareStatement("select srsubstate from pg_subscription_rel where srrelid = to_regclass(?)")) {
			for (String table : this.state.tables()) {
				statement.setString(1, table);
				try (ResultSet resultSet = statement.executeQuery()) {
					resultSet.next();
				}
			}
		}
	}

	/** A change would make every later figure meaningless: the state must be in sync. */
	private static void reconcile(DataSource dataSource, DesiredState desired) {
		Plan plan = new Reconciler(dataSource, desired).apply();
		if (!plan.hasNoActions()) {
			throw new IllegalStateException("The built state is not in sync; the reconcile ran:\n" + plan.describe());
		}
	}

	private static Candidate isValid(String server, DataSource pool) {
		return Candidate.of("`Connection.isValid` on a pooled " + server + " connection (baseline)", () -> {
			try (Connection connection = pool.getConnection()) {
				connection.isValid(5);
			}
		});
	}

	private static Candidate catalogQuery(String server, DataSource pool, String sql) {
		return Candidate.of("one catalog query on the pooled " + server + " (baseline): `" + sql + "`", () -> {
			try (Connection connection = pool.getConnection();
					Statement statement = connection.createStatement();
					ResultSet resultSet = statement.executeQuery(sql)) {
				while (resultSet.next()) {
					resultSet.getString(1);
				}
			}
		});
	}

}
