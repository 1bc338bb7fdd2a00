package io.pgrepl.core.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.pgrepl.core.Replication;
import io.pgrepl.core.fixture.CountingDataSource;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.core.publication.Publication;
import io.pgrepl.core.subscription.Subscription;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health of every declared subscription is one snapshot: a constant number of statements on
 * each server and one connection to each publisher, whether there is one subscription or ten.
 */
class SubscriptionsHealthRoundTripTests extends ReplicationIntegrationTests {

	private static final int SUBSCRIPTIONS = 10;

	@Test
	void tenSubscriptionsToOnePublisherCostAsManyStatementsAndConnectionsAsOne() {
		this.publisher.execute("create table orders (id int primary key)");
		this.subscriber.execute("create table orders (id int primary key)");
		new Publication(this.publisher.dataSource(), "orders_pub").create("orders");
		List<String> names = IntStream.rangeClosed(1, SUBSCRIPTIONS).mapToObj((i) -> "orders_sub" + i).toList();
		for (String name : names) {
			new Subscription(this.subscriber.dataSource(), name).create(SubscriptionDefinition
				.builder(this.publisher.peerConnInfo(), "orders_pub")
				.copyData(false)
				.build());
		}

		Counted one = snapshot(names.subList(0, 1), Duration.ZERO);
		Counted ten = snapshot(names, Duration.ZERO);

		assertThat(ten.health()).hasSize(SUBSCRIPTIONS).allSatisfy((name, health) -> assertThat(health.exists()).isTrue());
		assertThat(ten.subscriberStatements()).as("statements on the subscriber: %s", ten.subscriberSql())
			.isEqualTo(one.subscriberStatements())
			.isLessThanOrEqualTo(6);
		assertThat(ten.publisherStatements()).as("statements on the publisher").isEqualTo(one.publisherStatements())
			.isLessThanOrEqualTo(6);
		assertThat(ten.publisherConnections()).as("connections to the publisher").isOne();
		assertThat(ten.subscriberConnections()).as("connections to the subscriber").isOne();
	}

	@Test
	void askingForEverySubscriptionInTurnAsTheActuatorDoesCostsOneSnapshotAndAskingAgainReadsAfresh() {
		this.publisher.execute("create table orders (id int primary key)");
		this.subscriber.execute("create table orders (id int primary key)");
		new Publication(this.publisher.dataSource(), "orders_pub").create("orders");
		List<String> names = IntStream.rangeClosed(1, 3).mapToObj((i) -> "orders_sub" + i).toList();
		for (String name : names) {
			new Subscription(this.subscriber.dataSource(), name).create(SubscriptionDefinition
				.builder(this.publisher.peerConnInfo(), "orders_pub")
				.copyData(false)
				.build());
		}
		Counted whole = snapshot(names, Duration.ZERO);
		CountingDataSource subscriber = new CountingDataSource(this.subscriber.dataSource());
		CountingDataSource publisher = new CountingDataSource(this.publisher.dataSource());
		Replication replication = replication(names, subscriber, publisher, Duration.ZERO);

		names.forEach((name) -> assertThat(replication.subscriptionHealth(name).exists()).isTrue());
		assertThat(subscriber.executed()).as("statements on the subscriber, one subscription after the other")
			.hasSize(whole.subscriberStatements());
		assertThat(publisher.executed()).as("statements on the publisher, one subscription after the other")
			.hasSize(whole.publisherStatements());

		this.subscriber.execute("alter subscription orders_sub1 disable");
		assertThat(replication.subscriptionHealth("orders_sub1").enabled()).as("the next probe reads afresh").isFalse();
		// a second snapshot (the server's version is known by then)
		assertThat(subscriber.executed()).hasSizeGreaterThan(whole.subscriberStatements() + 1);
	}

	@Test
	void withinTheCacheWindowHealthCallsCostNothing() {
		this.publisher.execute("create table orders (id int primary key)");
		this.subscriber.execute("create table orders (id int primary key)");
		new Publication(this.publisher.dataSource(), "orders_pub").create("orders");
		new Subscription(this.subscriber.dataSource(), "orders_sub").create(SubscriptionDefinition
			.builder(this.publisher.peerConnInfo(), "orders_pub")
			.copyData(false)
			.build());
		CountingDataSource subscriber = new CountingDataSource(this.subscriber.dataSource());
		CountingDataSource publisher = new CountingDataSource(this.publisher.dataSource());
		Replication replication = replication(List.of("orders_sub"), subscriber, publisher, Duration.ofMinutes(1));

		replication.subscriptionHealth("orders_sub");
		int statements = subscriber.executed().size() + publisher.executed().size();
		for (int i = 0; i < 5; i++) {
			assertThat(replication.subscriptionHealth("orders_sub").exists()).isTrue();
			assertThat(replication.subscriptionsHealth()).containsKey("orders_sub");
		}

		assertThat(subscriber.executed().size() + publisher.executed().size()).isEqualTo(statements);
		assertThat(subscriber.connections() + publisher.connections()).isEqualTo(2);
	}

	private Counted snapshot(List<String> names, Duration cache) {
		CountingDataSource subscriber = new CountingDataSource(this.subscriber.dataSource());
		CountingDataSource publisher = new CountingDataSource(this.publisher.dataSource());
		Map<String, SubscriptionHealth> health = replication(names, subscriber, publisher, cache).subscriptionsHealth();
		return new Counted(health, subscriber.executed().size(), publisher.executed().size(), subscriber.connections(),
				publisher.connections(), subscriber.executed());
	}

	private Replication replication(List<String> names, CountingDataSource subscriber, CountingDataSource publisher,
			Duration cache) {
		List<DesiredSubscription> declared = names.stream()
			.map((name) -> new DesiredSubscription(name,
					SubscriptionDefinition.builder(this.publisher.peerConnInfo(), "orders_pub").copyData(false).build(),
					false, publisher, Setting.PUBLISHER))
			.toList();
		return Replication.configure(subscriber)
			.desiredState(new DesiredState(List.of(), declared))
			.healthCache(cache)
			.load();
	}

	private record Counted(Map<String, SubscriptionHealth> health, int subscriberStatements, int publisherStatements,
			int subscriberConnections, int publisherConnections, List<String> subscriberSql) {

	}

}
