package io.pgrepl.core.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SettingRef;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.plan.PlanAction.Kind;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReconcilerTests extends ReplicationIntegrationTests {

	@Test
	void applyCreatesEverythingAndASecondApplyChangesNothing() {
		this.publisher.execute("create table orders (id int primary key, item text)",
				"insert into orders values (1, 'copied')");

		Plan publisherPlan = new Reconciler(this.publisher.dataSource(), publisherState("orders")).apply();
		Plan subscriberPlan = new Reconciler(this.subscriber.dataSource(), subscriberState(true)).apply();

		assertThat(publisherPlan.actions()).extracting(PlanAction::kind).containsExactly(Kind.CREATE_PUBLICATION);
		assertThat(subscriberPlan.actions()).extracting(PlanAction::kind)
			.containsExactly(Kind.CREATE_TABLES, Kind.CREATE_SUBSCRIPTION);
		this.subscriber.awaitRowCount("orders", 1);
		this.publisher.execute("insert into orders values (2, 'streamed')");
		this.subscriber.awaitRowCount("orders", 2);
		assertThat(new Reconciler(this.publisher.dataSource(), publisherState("orders")).apply().isEmpty()).isTrue();
		assertThat(new Reconciler(this.subscriber.dataSource(), subscriberState(true)).apply().isEmpty()).isTrue();
	}

	@Test
	void aTableAddedToThePublicationIsCreatedAndRefreshedOnTheSubscriber() {
		this.publisher.execute("create table orders (id int primary key)", "create table users (id int primary key)",
				"insert into users values (1), (2)");
		new Reconciler(this.publisher.dataSource(), publisherState("orders")).apply();
		new Reconciler(this.subscriber.dataSource(), subscriberState(true)).apply();

		new Reconciler(this.publisher.dataSource(), publisherState("orders", "users")).apply();
		Plan plan = new Reconciler(this.subscriber.dataSource(), subscriberState(true)).apply();

		assertThat(plan.actions()).extracting(PlanAction::kind)
			.containsExactly(Kind.CREATE_TABLES, Kind.REFRESH_PUBLICATION);
		this.subscriber.awaitRowCount("users", 2);
	}

	@Test
	void aTableRemovedFromThePublicationIsRefreshedAwayOnTheSubscriber() {
		this.publisher.execute("create table orders (id int primary key)", "create table users (id int primary key)");
		new Reconciler(this.publisher.dataSource(), publisherState("orders", "users")).apply();
		new Reconciler(this.subscriber.dataSource(), subscriberState(true)).apply();
		assertThat(this.subscriber.queryForLong("select count(*) from pg_subscription_rel")).isEqualTo(2);

		this.publisher.execute("alter publication orders_pub drop table users");
		Plan plan = new Reconciler(this.subscriber.dataSource(), subscriberState(true)).apply();

		assertThat(plan.actions()).extracting(PlanAction::kind).containsExactly(Kind.REFRESH_PUBLICATION);
		assertThat(this.subscriber.queryForList("select srrelid::regclass::text as t from pg_subscription_rel"))
			.extracting((row) -> row.get("t"))
			.containsExactly("orders");
		assertThat(new Reconciler(this.subscriber.dataSource(), subscriberState(true)).apply().isEmpty()).isTrue();
	}

	@Test
	void tablesAreCreatedInExistingSchemasWithoutCreateSchemaSoARoleWithoutCreateOnTheDatabaseCanRunThem()
			throws Exception {
		this.publisher.execute("create table orders (id int primary key)", "create schema sales",
				"create table sales.invoices (id int primary key)");
		new Reconciler(this.publisher.dataSource(), publisherState("orders", "sales.invoices")).apply();
		String role = "tables_" + this.subscriber.name();
		this.subscriber.execute("create schema sales", "create role " + role + " login password 'tables-pw'",
				"revoke create on database " + this.subscriber.name() + " from public",
				"grant usage, create on schema public, sales to " + role);
		try {
			List<String> statements = new Reconciler(this.subscriber.dataSource(), subscriberState(true)).plan()
				.actions()
				.stream()
				.filter((action) -> action.kind() == Kind.CREATE_TABLES)
				.flatMap((action) -> action.statements().stream())
				.map(PlanStatement::sql)
				.toList();

			assertThat(statements).hasSize(2).noneMatch((sql) -> sql.startsWith("CREATE SCHEMA"));
			try (Connection connection = this.subscriber.server()
				.dataSource(this.subscriber.name(), role, "tables-pw")
				.getConnection()) {
				for (String sql : statements) {
					try (PreparedStatement statement = connection.prepareStatement(sql)) {
						statement.execute();
					}
				}
			}
			assertThat(this.subscriber.queryForLong("select count(*) from pg_tables where tablename in ('orders', 'invoices')"))
				.isEqualTo(2);
		}
		finally {
			this.subscriber.execute("drop table if exists orders, sales.invoices", "drop owned by " + role,
					"drop role " + role);
		}
	}

	@Test
	void aSchemaThatDoesNotExistIsCreated() {
		this.publisher.execute("create schema sales", "create table sales.invoices (id int primary key)");
		new Reconciler(this.publisher.dataSource(), publisherState("sales.invoices")).apply();

		Plan plan = new Reconciler(this.subscriber.dataSource(), subscriberState(true)).plan();

		assertThat(plan.actions().get(0).statements()).extracting(PlanStatement::sql)
			.first()
			.isEqualTo("CREATE SCHEMA IF NOT EXISTS \"sales\"");
	}

	@Test
	void aSubscriberRoleThatMayNotCreateSubscriptionsFailsBeforeAnyTableIsCreated() {
		this.publisher.execute("create table orders (id int primary key)");
		new Reconciler(this.publisher.dataSource(), publisherState("orders")).apply();
		String role = "app_" + this.subscriber.name();
		this.subscriber.execute("create role " + role + " login password 'app-pw'",
				"grant create on database " + this.subscriber.name() + " to " + role,
				"grant create on schema public to " + role);
		try {
			DataSource asApp = this.subscriber.server().dataSource(this.subscriber.name(), role, "app-pw");

			assertThatThrownBy(() -> new Reconciler(asApp, subscriberState(true)).apply())
				.isInstanceOf(DesiredStateException.class)
				.hasMessageContaining("subscription 'orders_sub': this database cannot create the subscription")
				.hasMessageContaining(role);
			assertThat(this.subscriber.queryForLong("select count(*) from pg_tables where tablename = 'orders'")).isZero();
			assertThat(this.subscriber.queryForLong("select count(*) from pg_subscription")).isZero();
		}
		finally {
			this.subscriber.execute("drop owned by " + role, "drop role " + role);
		}
	}

	@Test
	void publishingUpdatesOfATableWithoutReplicaIdentityIsRefused() {
		this.publisher.execute("create table orders (id int primary key)", "create table events (payload text)");

		assertThatThrownBy(() -> new Reconciler(this.publisher.dataSource(), publisherState("orders", "events")).apply())
			.isInstanceOf(DesiredStateException.class)
			.hasMessageContaining("tables[1]: table public.events has no usable replica identity");
		assertThat(this.publisher.queryForLong("select count(*) from pg_publication")).isZero();
		this.publisher.execute("update events set payload = 'still writable'");
	}

	@Test
	void validateListsTheDifferencesAndChangesNothing() {
		this.publisher.execute("create table orders (id int primary key)");
		Reconciler reconciler = new Reconciler(this.publisher.dataSource(), publisherState("orders"));

		assertThatThrownBy(reconciler::validate).isInstanceOf(PendingChangesException.class)
			.hasMessageContaining("create publication 'orders_pub'")
			.hasMessageContaining("CREATE PUBLICATION \"orders_pub\"");
		assertThat(this.publisher.queryForLong("select count(*) from pg_publication")).isZero();
		reconciler.apply();
		reconciler.validate();
	}

	@Test
	void anInvalidDesiredStateChangesNothingAndListsEveryProblem() {
		this.publisher.execute("create table orders (id int primary key)");
		DesiredState desired = new DesiredState(List.of(DesiredPublication.of("orders_pub",
				PublicationDefinition.forTables("orders")), DesiredPublication.of("other_pub",
						PublicationDefinition.forTables("orders", "missing"))), List.of());

		assertThatThrownBy(() -> new Reconciler(this.publisher.dataSource(), desired).apply())
			.isInstanceOfSatisfying(DesiredStateException.class,
					(ex) -> assertThat(ex.getProblems()).extracting(DesiredStateProblem::setting)
						.containsExactly(SettingRef.publication("other_pub").setting(Setting.TABLES, 1)))
			.hasMessageContaining("publication 'other_pub' tables[1]: table public.missing does not exist");
		assertThat(this.publisher.queryForLong("select count(*) from pg_publication")).isZero();
	}

	@Test
	void applyWaitsForTheReconcileLockAndGivesUpAfterTheTimeout() throws Exception {
		this.publisher.execute("create table orders (id int primary key)");
		try (Connection holder = this.publisher.dataSource().getConnection();
				PreparedStatement lock = holder.prepareStatement("select pg_advisory_lock(?)")) {
			lock.setLong(1, ReconcileLock.KEY);
			lock.execute();
			Reconciler reconciler = new Reconciler(this.publisher.dataSource(), publisherState("orders"),
					Duration.ofMillis(500));

			assertThatThrownBy(reconciler::apply).isInstanceOf(ReplicationException.class)
				.hasMessageContaining("longer than the lock timeout");
			assertThat(this.publisher.queryForLong("select count(*) from pg_publication")).isZero();
		}
		assertThat(new Reconciler(this.publisher.dataSource(), publisherState("orders")).apply().actions()).hasSize(1);
		assertThat(this.publisher.queryForLong("select count(*) from pg_locks where locktype = 'advisory'")).isZero();
	}

	@Test
	void aSubscriptionToTheSameClusterIsCreatedWithoutHanging() {
		this.subscriber.close();
		this.subscriber = this.publisher.server().createDatabase();
		this.publisher.execute("create table orders (id int primary key)", "insert into orders values (1)");
		new Reconciler(this.publisher.dataSource(), publisherState("orders")).apply();

		org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
				() -> new Reconciler(this.subscriber.dataSource(), subscriberState(true)).apply());

		this.subscriber.awaitRowCount("orders", 1);
	}

	private DesiredState publisherState(String... tables) {
		return new DesiredState(List.of(DesiredPublication.of("orders_pub", PublicationDefinition.forTables((Object[]) tables))),
				List.of());
	}

	private DesiredState subscriberState(boolean createTables) {
		SubscriptionDefinition definition = SubscriptionDefinition
			.builder(ConnInfo.parse(this.publisher.peerConnInfo()), "orders_pub")
			.build();
		return new DesiredState(List.of(), List.of(DesiredSubscription.of("orders_sub", definition, createTables)));
	}

}
