package io.pgrepl.core.preflight;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.pgrepl.core.health.HealthThresholds;
import io.pgrepl.core.health.SubscriberHealthCheck;
import io.pgrepl.core.health.SubscriptionHealth;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredStateException;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.core.plan.Plan;
import io.pgrepl.core.plan.Reconciler;
import io.pgrepl.core.subscription.Subscription;
import io.pgrepl.test.PostgresServer;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Replication capacity counts the initial copy: besides its own slot and walsender, each table a
 * new subscription copies at once needs a slot and a walsender on the publisher. A dedicated
 * publisher with {@code max_replication_slots = 2}; a filler slot leaves it one free.
 */
class CopyCapacityTests {

	private static PostgresServer publisherServer;

	private TestDatabase publisher;

	private TestDatabase subscriber;

	@BeforeAll
	static void startPublisher() {
		publisherServer = PostgresServers.startDedicated("two-slots", Map.of("max_replication_slots", "2"));
	}

	@AfterAll
	static void stopPublisher() {
		publisherServer.close();
	}

	@BeforeEach
	void createDatabases() {
		this.publisher = publisherServer.createDatabase();
		this.subscriber = PostgresServers.subscriber().createDatabase();
		this.publisher.execute("create table orders (id int primary key)", "create table users (id int primary key)",
				"create table items (id int primary key)", "insert into orders values (1)");
		new Reconciler(this.publisher.dataSource(), new DesiredState(List.of(DesiredPublication.of("orders_pub",
				PublicationDefinition.forTables("orders", "users", "items"))), List.of())).apply();
	}

	@AfterEach
	void dropDatabases() {
		this.subscriber.close();
		this.publisher.execute("select pg_drop_replication_slot(slot_name) from pg_replication_slots where not active");
		this.publisher.close();
	}

	@Test
	void oneFreeSlotForACopyingSubscriptionIsRefusedBeforeAnythingIsCreated() {
		this.publisher.execute("select pg_create_logical_replication_slot('filler', 'pgoutput')");

		assertThatThrownBy(() -> new Reconciler(this.subscriber.dataSource(), subscriberState()).apply())
			.isInstanceOf(DesiredStateException.class)
			.hasMessageContaining("the publisher has 1 free replication slots but the new subscription needs 2")
			.hasMessageContaining("max_replication_slots");
		assertThat(this.subscriber.queryForLong("select count(*) from pg_subscription")).isZero();
		assertThat(this.subscriber.queryForLong("select count(*) from pg_tables where schemaname = 'public'")).isZero();
		assertThat(this.publisher.queryForLong("select count(*) from pg_replication_slots")).isEqualTo(1);
	}

	@Test
	void fewerFreeSlotsThanParallelCopiesIsAWarningThatTheCopiesRunInTurn() {
		Plan plan = new Reconciler(this.subscriber.dataSource(), subscriberState()).plan();

		assertThat(plan.warnings()).anySatisfy((warning) -> assertThat(warning.toString())
			.contains("would run 2 at once")
			.contains("room for 1")
			.contains("max_replication_slots"));
	}

	@Test
	void healthOfACopyStuckOnAFullPublisherNamesTheSetting() {
		this.publisher.execute("select pg_create_logical_replication_slot('filler', 'pgoutput')");
		this.subscriber.execute("create table orders (id int primary key)", "create table users (id int primary key)",
				"create table items (id int primary key)");
		// Created without pgrepl's preflight, as by hand: its own slot takes the last free one.
		new Subscription(this.subscriber.dataSource(), "orders_sub").create(definition());

		SubscriptionHealth[] last = new SubscriptionHealth[1];
		Awaitility.await("health names max_replication_slots")
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				last[0] = SubscriberHealthCheck.check(this.subscriber.dataSource(), "orders_sub", HealthThresholds.DEFAULTS,
						this.publisher.dataSource(), true);
				return last[0].issues().stream().anyMatch((issue) -> issue.contains("max_replication_slots"));
			});

		assertThat(last[0].issues()).anySatisfy((issue) -> assertThat(issue).contains("cannot be copied")
			.contains("all 2 replication slots of the publisher are in use"));
		new Subscription(this.subscriber.dataSource(), "orders_sub").drop();
	}

	private SubscriptionDefinition definition() {
		return SubscriptionDefinition.builder(ConnInfo.parse(this.publisher.peerConnInfo()), "orders_pub").build();
	}

	private DesiredState subscriberState() {
		return new DesiredState(List.of(), List.of(DesiredSubscription.of("orders_sub", definition(), true)));
	}

}
