package io.pgrepl.core.schema;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pgrepl.core.Replication;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.SessionTimeouts;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.core.plan.Plan;
import io.pgrepl.core.plan.PlanAction;
import io.pgrepl.core.plan.PlanAction.Kind;
import io.pgrepl.core.plan.Reconciler;
import io.pgrepl.test.ReplicationIntegrationTests;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Building the indexes and constraints deferred until the copy is not a statement like the others:
 * it takes as long as the table needs, so it runs without the statement timeout; it keeps the lock
 * timeout, and when it cannot have its lock the application still starts and the next start builds.
 */
class DeferredBuildTests extends ReplicationIntegrationTests {

	private static final String INDEXES = "select string_agg(indexdef, E'\\n' order by indexdef) from pg_indexes "
			+ "where schemaname = 'public'";

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	@BeforeEach
	void captureLogs() {
		this.logs.start();
		logger().addAppender(this.logs);
	}

	@AfterEach
	void stopCapturing() {
		logger().detachAppender(this.logs);
	}

	@Test
	void aBuildThatCannotHaveItsLockStaysPendingWithoutFailingTheStartAndTheNextStartBuildsItOnce() throws Exception {
		this.publisher.execute("create table items (id int primary key, label text)",
				"create index items_label on items (label)",
				"insert into items select i, 'item ' || i from generate_series(1, 100) i");
		publish();
		Replication subscriber = subscriber(new SessionTimeouts(Duration.ofSeconds(30), Duration.ofMillis(300)));
		subscriber.apply();
		awaitReady();

		Plan blocked;
		try (Connection application = this.subscriber.dataSource().getConnection();
				Statement statement = application.createStatement()) {
			// an application transaction writing to the table: CREATE INDEX needs a SHARE lock
			application.setAutoCommit(false);
			statement.execute("lock table items in row exclusive mode");

			blocked = subscriber.apply();

			assertThat(this.subscriber.queryForLong("select count(*) from pgrepl.deferred_ddl")).isOne();
			assertThat(subscriber.subscriptionHealth("app_sub").warnings())
				.anySatisfy((warning) -> assertThat(warning).contains("public.items")
					.contains("deferred until their initial copy"));
			application.rollback();
		}
		assertThat(blocked.actions()).extracting(PlanAction::kind).contains(Kind.BUILD_DEFERRED);
		assertThat(this.subscriber.queryForLong("select count(*) from pg_indexes where tablename = 'items'"))
			.as("the primary key only")
			.isOne();
		assertThat(this.logs.list).filteredOn((event) -> event.getLevel() == Level.WARN)
			.anySatisfy((event) -> assertThat(event.getFormattedMessage())
				.startsWith("pgrepl: could not build the indexes and constraints of public.items")
				.contains("lock_timeout")
				.contains("the next reconcile (apply, or the application's next start) builds them"));

		Plan next = subscriber.apply();
		Plan after = subscriber.apply();

		assertThat(next.actions()).extracting(PlanAction::kind).containsExactly(Kind.BUILD_DEFERRED);
		assertThat(this.subscriber.queryForObject(INDEXES)).isEqualTo(this.publisher.queryForObject(INDEXES));
		assertThat(this.subscriber.queryForLong("select count(*) from pgrepl.deferred_ddl")).isZero();
		assertThat(after.actions()).as("built once").isEmpty();
		assertThat(subscriber.subscriptionHealth("app_sub").warnings())
			.noneSatisfy((warning) -> assertThat(warning).contains("deferred"));
	}

	@Test
	void aBuildLongerThanTheStatementTimeoutRunsToTheEnd() {
		// a CHECK that takes a second per row: the deferred ALTER TABLE ... ADD CONSTRAINT checks each row
		this.publisher.execute("create table items (id int primary key, label text, "
				+ "constraint slow_to_check check (pg_sleep(1)::text = ''))", "insert into items values (1, 'one')");
		publish();
		subscriber(SessionTimeouts.DEFAULTS).apply();
		awaitReady();
		Replication subscriber = subscriber(new SessionTimeouts(Duration.ofMillis(500), Duration.ofSeconds(10)));

		Plan plan = subscriber.apply();

		assertThat(plan.actions()).singleElement()
			.satisfies((action) -> assertThat(action.kind()).isEqualTo(Kind.BUILD_DEFERRED))
			.satisfies((action) -> assertThat(action.statements().get(0).sql())
				.isEqualTo("SET LOCAL statement_timeout = 0"));
		assertThat(this.subscriber.queryForLong("select count(*) from pgrepl.deferred_ddl")).isZero();
		assertThat(this.subscriber.queryForObject("select pg_get_constraintdef(oid) from pg_constraint "
				+ "where conname = 'slow_to_check'")).asString().contains("pg_sleep");
		assertThat(this.logs.list).noneMatch((event) -> event.getLevel() == Level.WARN);
	}

	private void publish() {
		new Reconciler(this.publisher.dataSource(), new DesiredState(
				List.of(DesiredPublication.of("app_pub", PublicationDefinition.forTables("items"))), List.of()))
			.apply();
	}

	private Replication subscriber(SessionTimeouts timeouts) {
		SubscriptionDefinition definition = SubscriptionDefinition
			.builder(ConnInfo.parse(this.publisher.peerConnInfo()), "app_pub")
			.build();
		return Replication.configure(this.subscriber.dataSource())
			.desiredState(new DesiredState(List.of(), List.of(DesiredSubscription.of("app_sub", definition, true))))
			.timeouts(timeouts)
			.load();
	}

	private void awaitReady() {
		TestDatabase.await(() -> this.subscriber.queryForLong("select count(*) from pg_subscription_rel") > 0
				&& this.subscriber.queryForLong("select count(*) from pg_subscription_rel where srsubstate <> 'r'") == 0,
				"every table of app_sub ready");
	}

	private static Logger logger() {
		return (Logger) LoggerFactory.getLogger("io.pgrepl");
	}

}
