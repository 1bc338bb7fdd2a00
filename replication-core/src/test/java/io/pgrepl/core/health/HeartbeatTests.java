package io.pgrepl.core.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.pgrepl.core.Replication;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.core.plan.PlanAction;
import io.pgrepl.core.plan.PlanAction.Kind;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * End-to-end lag by heartbeat: the publishing side writes its row of pgrepl's heartbeat table every
 * interval, the row replicates, and the subscribing side reads its age as lag, without asking the
 * publisher. The writer here stands in for the Spring Boot starter's: a scheduled
 * {@link Replication#heartbeat()}.
 */
class HeartbeatTests extends ReplicationIntegrationTests {

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	/** A heartbeat older than the interval plus 1 s is stale. */
	private static final HealthThresholds THRESHOLDS = HealthThresholds.DEFAULTS.withLag(Duration.ZERO,
			Duration.ofSeconds(1));

	private final List<ScheduledExecutorService> writers = new ArrayList<>();

	@AfterEach
	void stopWriters() {
		this.writers.forEach(ScheduledExecutorService::shutdownNow);
	}

	@Test
	void theHeartbeatReplicatesAndItsAgeIsTheSubscriptionsLag() {
		Replication publisher = publisher(DesiredPublication.of("orders_pub", PublicationDefinition.forTables("orders"))
			.withHeartbeat(INTERVAL));
		Replication subscriber = subscriber("orders_sub", "orders_pub");

		assertThat(publisher.apply().actions()).extracting(PlanAction::kind)
			.containsExactly(Kind.CREATE_HEARTBEAT_TABLE, Kind.CREATE_PUBLICATION);
		assertThat(subscriber.apply().actions()).extracting(PlanAction::kind)
			.as("pgrepl's own table, without create-tables")
			.containsExactly(Kind.CREATE_HEARTBEAT_TABLE, Kind.CREATE_SUBSCRIPTION);
		assertThat(this.publisher.queryForLong("select count(*) from pg_publication_tables where pubname = 'orders_pub' "
				+ "and schemaname = 'pgrepl' and tablename = 'heartbeat'")).isOne();
		assertThat(publisher.plan().isEmpty()).as("a restart changes nothing").isTrue();
		assertThat(subscriber.plan().isEmpty()).as("a restart changes nothing").isTrue();
		writeEvery(publisher, INTERVAL);

		SubscriptionHealth health = OrdersReplication.poll(() -> subscriber.subscriptionHealth("orders_sub"),
				(read) -> read.heartbeat().lag() != null, "the first heartbeat on the subscriber");

		assertThat(health.heartbeat().publication()).isEqualTo("orders_pub");
		assertThat(health.heartbeat().interval()).isEqualTo(INTERVAL);
		assertThat(health.heartbeat().lag()).isLessThan(INTERVAL.plusSeconds(5));
		assertThat(health.healthy()).as("%s", health.issues()).isTrue();
		Instant first = health.heartbeat().writtenAt();
		OrdersReplication.poll(() -> subscriber.subscriptionHealth("orders_sub").heartbeat().writtenAt(),
				(writtenAt) -> writtenAt.isAfter(first), "a later heartbeat on the subscriber");
	}

	@Test
	void aDisabledSubscriptionsHeartbeatGrowsPastTheIntervalPlusLagCriticalAndIsAnIssue() {
		Replication publisher = publisher(DesiredPublication.of("orders_pub", PublicationDefinition.forTables("orders"))
			.withHeartbeat(INTERVAL));
		Replication subscriber = subscriber("orders_sub", "orders_pub", THRESHOLDS);
		publisher.apply();
		subscriber.apply();
		writeEvery(publisher, INTERVAL);
		OrdersReplication.poll(() -> subscriber.subscriptionHealth("orders_sub"),
				(read) -> read.heartbeat().lag() != null, "the first heartbeat on the subscriber");

		this.subscriber.execute("alter subscription orders_sub disable");

		SubscriptionHealth health = OrdersReplication.poll(() -> subscriber.subscriptionHealth("orders_sub"),
				(read) -> read.issues().stream().anyMatch((issue) -> issue.contains("heartbeat lag")),
				"the stale heartbeat issue");
		assertThat(health.heartbeat().lag()).isGreaterThan(INTERVAL.plus(THRESHOLDS.lagCritical()));
		assertThat(health.issues()).anySatisfy((issue) -> assertThat(issue)
			.startsWith("the heartbeat lag of subscription 'orders_sub' (the age of the newest heartbeat of publication "
					+ "'orders_pub', which the publisher writes every 1.0 s")
			.contains("above the critical threshold 2.0 s"));
		assertThat(health.healthy()).isFalse();
	}

	@Test
	void whenNothingElseIsWrittenTheLagStaysBelowTheIntervalPlusAMargin() {
		Replication publisher = publisher(DesiredPublication.of("orders_pub", PublicationDefinition.forTables("orders"))
			.withHeartbeat(INTERVAL));
		Replication subscriber = subscriber("orders_sub", "orders_pub");
		publisher.apply();
		subscriber.apply();
		writeEvery(publisher, INTERVAL);
		OrdersReplication.poll(() -> subscriber.subscriptionHealth("orders_sub"),
				(read) -> read.heartbeat().lag() != null, "the first heartbeat on the subscriber");

		List<SubscriptionHealth> samples = new ArrayList<>();
		Awaitility.await("ten readings of an idle subscription")
			.pollInterval(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(30))
			.until(() -> samples.add(subscriber.subscriptionHealth("orders_sub")) && samples.size() >= 10);

		assertThat(samples).allSatisfy((sample) -> {
			assertThat(sample.heartbeat().lag()).isNotNull().isLessThan(INTERVAL.plusSeconds(3));
			assertThat(sample.healthy()).as("%s", sample.issues()).isTrue();
		});
		assertThat(samples.get(samples.size() - 1).heartbeat().writtenAt())
			.as("the heartbeat moves while nothing else is written")
			.isAfter(samples.get(0).heartbeat().writtenAt());
	}

	@Test
	void twoPublicationsOfOneDatabaseSendEachOfTwoSubscriptionsOnlyItsOwnRow() {
		assumeTrue(serverMajorVersion() >= 15, "row filters keep publications' rows apart from PostgreSQL 15");
		this.publisher.execute("create table users (id int primary key)");
		this.subscriber.execute("create table users (id int primary key)");
		Replication publisher = publisher(
				DesiredPublication.of("orders_pub", PublicationDefinition.forTables("orders")).withHeartbeat(INTERVAL),
				DesiredPublication.of("users_pub", PublicationDefinition.forTables("users"))
					.withHeartbeat(Duration.ofSeconds(2)));
		publisher.apply();
		Replication orders = subscriber("orders_sub", "orders_pub");
		Replication users = subscriber("users_sub", "users_pub");
		orders.apply();
		users.apply();
		writeEvery(publisher, INTERVAL);

		SubscriptionHealth ordersHealth = OrdersReplication.poll(() -> orders.subscriptionHealth("orders_sub"),
				(read) -> read.heartbeat().lag() != null, "the heartbeat of orders_sub");
		SubscriptionHealth usersHealth = OrdersReplication.poll(() -> users.subscriptionHealth("users_sub"),
				(read) -> read.heartbeat().lag() != null, "the heartbeat of users_sub");

		assertThat(ordersHealth.heartbeat().publication()).isEqualTo("orders_pub");
		assertThat(usersHealth.heartbeat().publication()).isEqualTo("users_pub");
		assertThat(usersHealth.heartbeat().interval()).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.subscriber.queryForLong("select count(*) from pgrepl.heartbeat")).isEqualTo(2);
		assertThat(ordersHealth.healthy()).as("%s", ordersHealth.issues()).isTrue();
		assertThat(usersHealth.healthy()).as("%s", usersHealth.issues()).isTrue();
	}

	@Test
	void aHeartbeatTurnedOnLaterReachesAnExistingSubscriptionAtItsNextReconcile() {
		Replication without = publisher(DesiredPublication.of("orders_pub", PublicationDefinition.forTables("orders")));
		Replication subscriber = subscriber("orders_sub", "orders_pub");
		without.apply();
		subscriber.apply();

		Replication publisher = publisher(DesiredPublication.of("orders_pub", PublicationDefinition.forTables("orders"))
			.withHeartbeat(INTERVAL));
		assertThat(publisher.apply().actions()).extracting(PlanAction::kind)
			.containsExactly(Kind.CREATE_HEARTBEAT_TABLE, Kind.ADD_TABLES);
		assertThat(subscriber.apply().actions()).extracting(PlanAction::kind)
			.containsExactly(Kind.CREATE_HEARTBEAT_TABLE, Kind.REFRESH_PUBLICATION);
		writeEvery(publisher, INTERVAL);

		SubscriptionHealth health = OrdersReplication.poll(() -> subscriber.subscriptionHealth("orders_sub"),
				(read) -> read.heartbeat().lag() != null, "the first heartbeat on the subscriber");
		assertThat(health.heartbeat().lag()).isLessThan(INTERVAL.plusSeconds(5));
	}

	@Test
	void withoutHeartbeatsHealthHasNoneAndWritingOneIsANoOp() {
		Replication publisher = publisher(DesiredPublication.of("orders_pub", PublicationDefinition.forTables("orders")));
		Replication subscriber = subscriber("orders_sub", "orders_pub");
		publisher.apply();
		subscriber.apply();

		assertThat(publisher.heartbeat()).isEmpty();
		assertThat(publisher.heartbeatInterval()).isEmpty();
		SubscriptionHealth health = subscriber.subscriptionHealth("orders_sub");
		assertThat(health.heartbeat()).isEqualTo(SubscriptionHealth.Heartbeat.NONE);
		assertThat(this.subscriber.queryForObject("select to_regclass('pgrepl.heartbeat')::text")).isNull();
	}

	private Replication publisher(DesiredPublication... publications) {
		this.publisher.execute("create table if not exists orders (id int primary key)");
		return Replication.configure(this.publisher.dataSource())
			.desiredState(new DesiredState(List.of(publications), List.of()))
			.load();
	}

	private Replication subscriber(String subscription, String publication) {
		return subscriber(subscription, publication, HealthThresholds.DEFAULTS);
	}

	private Replication subscriber(String subscription, String publication, HealthThresholds thresholds) {
		this.subscriber.execute("create table if not exists orders (id int primary key)");
		SubscriptionDefinition definition = SubscriptionDefinition
			.builder(ConnInfo.parse(this.publisher.peerConnInfo()), publication)
			.build();
		return Replication.configure(this.subscriber.dataSource())
			.desiredState(new DesiredState(List.of(), List.of(DesiredSubscription.of(subscription, definition, false))))
			.thresholds(thresholds)
			.load();
	}

	/** What the Spring Boot starter does: {@link Replication#heartbeat()} at a fixed rate. */
	private void writeEvery(Replication publisher, Duration interval) {
		ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
		writer.scheduleAtFixedRate(publisher::heartbeat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
		this.writers.add(writer);
	}

}
