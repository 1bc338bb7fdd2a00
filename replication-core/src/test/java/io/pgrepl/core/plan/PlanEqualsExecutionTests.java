package io.pgrepl.core.plan;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pgrepl.core.fixture.CountingDataSource;
import io.pgrepl.core.fixture.CountingDataSource.Change;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.Operation;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.plan.PlanAction.Kind;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What {@code apply} runs is exactly what {@code plan} shows: the same statements, in the same
 * order, on the same servers, and logged as shown, with the password masked. Every statement that
 * reaches a server is recorded; reads (catalog, lock) are prepared and left out.
 */
class PlanEqualsExecutionTests extends ReplicationIntegrationTests {

	private static final String PASSWORD = "plan-Secret-pw";

	private final List<Change> changes = new CopyOnWriteArrayList<>();

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	@BeforeEach
	void captureStatementLogs() {
		this.logs.start();
		statementLogger().addAppender(this.logs);
	}

	@AfterEach
	void stopCapturing() {
		statementLogger().detachAppender(this.logs);
	}

	@Test
	void aPublisherAppRunsThePlannedPublicationStatements() {
		this.publisher.execute("create table orders (id int primary key)", "create table users (id int primary key)",
				"create table audit (id int primary key)");
		DataSource managed = recorded(this.publisher.dataSource(), "managed");
		new Reconciler(managed, new DesiredState(List.of(publication("orders_pub", "orders")), List.of())).apply();
		DesiredPublication changed = DesiredPublication.of("orders_pub",
				PublicationDefinition.forTables("orders", "users").withOperations(Operation.INSERT));
		Reconciler reconciler = new Reconciler(managed,
				new DesiredState(List.of(changed, publication("audit_pub", "audit")), List.of()));

		Plan plan = assertApplyRunsWhatPlanShows(reconciler, "managed");

		assertThat(plan.actions()).extracting(PlanAction::kind)
			.containsExactly(Kind.ADD_TABLES, Kind.ALTER_PUBLICATION, Kind.CREATE_PUBLICATION);
		assertThat(this.changes).extracting(Change::dataSource).containsOnly("managed");
	}

	@Test
	void aSubscriberAppRunsThePlannedTablesAndSubscription() {
		createReplicationRole();
		this.publisher.execute("create table orders (id int primary key, item text)",
				"insert into orders values (1, 'copied')", "grant select on orders to plan_rep");
		new Reconciler(this.publisher.dataSource(),
				new DesiredState(List.of(publication("orders_pub", "orders")), List.of())).apply();
		Reconciler reconciler = new Reconciler(recorded(this.subscriber.dataSource(), "managed"),
				subscriberState(ConnInfo.parse(this.publisher.peerConnInfo())));

		Plan plan = assertApplyRunsWhatPlanShows(reconciler, "publisher");

		assertThat(plan.actions()).extracting(PlanAction::kind).containsExactly(Kind.CREATE_TABLES, Kind.CREATE_SUBSCRIPTION);
		assertThat(plan.actions().get(1).sql()).contains("create_slot = true");
		assertThat(this.changes).extracting(Change::dataSource).containsOnly("managed");
		this.subscriber.awaitRowCount("orders", 1);
	}

	@Test
	void aSubscriptionToTheSameClusterRunsThePlannedSlotCreationOnThePublisher() {
		this.subscriber.close();
		this.subscriber = this.publisher.server().createDatabase();
		createReplicationRole();
		this.publisher.execute("create table orders (id int primary key, item text)",
				"insert into orders values (1, 'copied')", "grant select on orders to plan_rep");
		new Reconciler(this.publisher.dataSource(),
				new DesiredState(List.of(publication("orders_pub", "orders")), List.of())).apply();
		Reconciler reconciler = new Reconciler(recorded(this.subscriber.dataSource(), "managed"),
				subscriberState(ConnInfo.parse(this.publisher.peerConnInfo())));

		Plan plan = assertTimeoutPreemptively(Duration.ofSeconds(60),
				() -> assertApplyRunsWhatPlanShows(reconciler, "publisher"));

		assertThat(plan.actions()).extracting(PlanAction::kind).containsExactly(Kind.CREATE_TABLES, Kind.CREATE_SUBSCRIPTION);
		assertThat(plan.actions().get(1).sql()).startsWith("select pg_create_logical_replication_slot('orders_sub'")
			.contains("; CREATE SUBSCRIPTION \"orders_sub\"")
			.contains("create_slot = false");
		assertThat(this.changes).extracting(Change::dataSource)
			.startsWith("managed")
			.endsWith("publisher", "managed")
			.containsOnlyOnce("publisher");
		this.subscriber.awaitRowCount("orders", 1);
	}

	@Test
	void aSubscriptionToTheSameClusterThatFailsDropsTheSlotItsPlanCreated() {
		this.subscriber.close();
		this.subscriber = this.publisher.server().createDatabase();
		createReplicationRole();
		this.publisher.execute("create table orders (id int primary key)", "grant select on orders to plan_rep");
		new Reconciler(this.publisher.dataSource(),
				new DesiredState(List.of(publication("orders_pub", "orders")), List.of())).apply();
		// Fails CREATE SUBSCRIPTION itself, after the slot was created on the publisher.
		this.subscriber.execute("create table orders (id int primary key)",
				"create function refuse() returns event_trigger language plpgsql as "
						+ "$$ begin raise exception 'subscriptions refused here'; end $$",
				"create event trigger refuse_subscriptions on ddl_command_start when tag in ('CREATE SUBSCRIPTION') "
						+ "execute function refuse()");
		Reconciler reconciler = new Reconciler(recorded(this.subscriber.dataSource(), "managed"),
				subscriberState(ConnInfo.parse(this.publisher.peerConnInfo())));
		String slots = "select count(*) from pg_replication_slots where slot_name = 'orders_sub'";
		List<PlanStatement> planned = reconciler.plan().actions().get(0).statements();
		this.changes.clear();

		assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(60), reconciler::apply))
			.isInstanceOf(ReplicationException.class)
			.hasMessageContaining("subscriptions refused here");

		assertThat(this.changes).extracting(Change::dataSource, Change::sql)
			.containsExactly(tuple("publisher", planned.get(0).executed()), tuple("managed", planned.get(1).executed()),
					tuple("publisher", "select pg_drop_replication_slot('orders_sub')"));
		assertThat(planned.get(0).executed()).startsWith("select pg_create_logical_replication_slot('orders_sub'");
		assertThat(this.publisher.queryForLong(slots)).isZero();
		this.subscriber.execute("drop event trigger refuse_subscriptions");
		assertTimeoutPreemptively(Duration.ofSeconds(60), reconciler::apply);
		assertThat(this.publisher.queryForLong(slots)).isOne();
	}

	/**
	 * Runs {@code plan()}, then {@code apply()}, and compares what reached the servers with the plan.
	 * @param publisherSide the data source that a statement on the publisher side goes through
	 */
	private Plan assertApplyRunsWhatPlanShows(Reconciler reconciler, String publisherSide) {
		this.changes.clear();
		Plan shown = reconciler.plan();
		assertThat(this.changes).as("statements run by plan()").isEmpty();
		List<PlanStatement> planned = shown.actions().stream().flatMap((action) -> action.statements().stream()).toList();
		assertThat(planned).isNotEmpty();
		this.logs.list.clear();

		Plan ran = reconciler.apply();

		assertThat(this.changes).as("statements run by apply(), with the data source each went through")
			.containsExactlyElementsOf(planned.stream()
				.map((statement) -> new Change((statement.side() == Side.PUBLISHER) ? publisherSide : "managed",
						statement.executed()))
				.toList());
		assertThat(this.logs.list.stream().filter((event) -> event.getLoggerName().equals("io.pgrepl")))
			.extracting(ILoggingEvent::getFormattedMessage)
			.as("statements logged by apply()")
			.containsExactlyElementsOf(planned.stream()
				.map((statement) -> "pgrepl [" + statement.side() + "]: " + statement.sql())
				.toList());
		assertThat(this.logs.list).extracting(ILoggingEvent::getFormattedMessage)
			.allSatisfy((line) -> assertThat(line).doesNotContain(PASSWORD));
		assertThat(ran.actions()).extracting(PlanAction::toString)
			.containsExactlyElementsOf(shown.actions().stream().map(PlanAction::toString).toList());
		return shown;
	}

	private DataSource recorded(DataSource dataSource, String name) {
		return new CountingDataSource(dataSource, name, this.changes);
	}

	private DesiredState subscriberState(ConnInfo peer) {
		SubscriptionDefinition definition = SubscriptionDefinition
			.builder(peer.with("user", "plan_rep").with("password", PASSWORD), "orders_pub")
			.build();
		DesiredSubscription subscription = new DesiredSubscription("orders_sub", definition, true,
				recorded(definition.connectionString().toDataSource(), "publisher"), Setting.PUBLISHER_HOST);
		return new DesiredState(List.of(), List.of(subscription));
	}

	private void createReplicationRole() {
		this.publisher.execute("do $$ begin if not exists (select from pg_roles where rolname = 'plan_rep') then "
				+ "create role plan_rep login replication; end if; end $$",
				"alter role plan_rep password " + Identifiers.literal(PASSWORD));
	}

	private static DesiredPublication publication(String name, String... tables) {
		return DesiredPublication.of(name, PublicationDefinition.forTables((Object[]) tables));
	}

	/** The session's logger, which logs every statement that changes something, and its children. */
	private static Logger statementLogger() {
		return (Logger) LoggerFactory.getLogger("io.pgrepl");
	}

}
