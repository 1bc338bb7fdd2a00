package io.pgrepl.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.pgrepl.core.ReplicationManager;
import io.pgrepl.core.health.HealthThresholds;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.Plan;
import io.pgrepl.core.plan.Reconciler;
import org.jspecify.annotations.Nullable;

/**
 * The comparisons of issue 11, each a {@link Group} of calls on the built state: health and
 * reconcile through the core's stable entry points against the cheapest call that reaches the
 * same server.
 */
final class Groups {

	private final BenchmarkState state;

	private final BenchmarkConnections connections;

	Groups(BenchmarkState state, BenchmarkConnections connections) {
		this.state = state;
		this.connections = connections;
	}

	List<Group> all() {
		return List.of(subscriberHealth(), publisherHealth(), subscriberReconcile(), publisherReconcile());
	}

	Group subscriberHealth() {
		int subscriptions = this.state.subscriptions().size();
		int tables = this.state.tables().size();
		return new Group("Subscriber health, all " + subscriptions + " subscriptions",
				isValid("subscriber", this.connections.subscriberPool()),
				List.of(new Candidate("`healthCheckSubscriber` × " + subscriptions
						+ ", an unpooled publisher DataSource per subscription (the starter today)",
						() -> subscriberHealth(this.connections.unpooledPublishers())),
						new Candidate(
								"`healthCheckSubscriber` × " + subscriptions + ", one HikariCP pool to the publisher",
								() -> subscriberHealth(this.connections.pooledPublishers())),
						new Candidate("`healthCheckSubscriber` × " + subscriptions + ", no publisher (no lag)",
								() -> subscriberHealth(null)),
						new Candidate("naive: one query per table (" + tables + " queries) on the pooled subscriber",
								this::naivePerTable)));
	}

	Group publisherHealth() {
		return new Group("Publisher health, " + this.state.publications().size() + " publications of "
				+ this.state.tables().size() + " tables", isValid("publisher", this.connections.publisherPool()),
				List.of(new Candidate("`healthCheckPublisher`, pooled publisher",
						() -> ReplicationManager.healthCheckPublisher(this.connections.publisherPool(),
								HealthThresholds.DEFAULTS, this.state.publicationNames()))));
	}

	Group subscriberReconcile() {
		DesiredState unpooled = this.state.subscriberState(this.connections.unpooledPublishers());
		DesiredState pooled = this.state.subscriberState(this.connections.pooledPublishers());
		return new Group("Reconcile in sync, subscriber, " + this.state.subscriptions().size() + " subscriptions",
				catalogQuery("subscriber", this.connections.subscriberPool(),
						"select s.subname, r.srrelid, r.srsubstate from pg_subscription_rel r "
								+ "join pg_subscription s on s.oid = r.srsubid"),
				List.of(new Candidate(
						"`Reconciler.apply()`, an unpooled publisher DataSource per subscription (the starter today)",
						() -> reconcile(this.connections.subscriberPool(), unpooled)),
						new Candidate("`Reconciler.apply()`, one HikariCP pool to the publisher",
								() -> reconcile(this.connections.subscriberPool(), pooled))));
	}

	Group publisherReconcile() {
		return new Group("Reconcile in sync, publisher, " + this.state.publications().size() + " publications",
				catalogQuery("publisher", this.connections.publisherPool(),
						"select pubname, schemaname, tablename from pg_publication_tables"),
				List.of(new Candidate("`Reconciler.apply()`, pooled publisher",
						() -> reconcile(this.connections.publisherPool(), this.state.publisherState()))));
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
		return new Candidate("`Connection.isValid` on a pooled " + server + " connection (baseline)", () -> {
			try (Connection connection = pool.getConnection()) {
				connection.isValid(5);
			}
		});
	}

	private static Candidate catalogQuery(String server, DataSource pool, String sql) {
		return new Candidate("one catalog query on the pooled " + server + " (baseline): `" + sql + "`", () -> {
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
