package io.pgrepl.core.plan;

import java.util.List;
import java.util.stream.IntStream;

import io.pgrepl.core.Replication;
import io.pgrepl.core.fixture.CountingDataSource;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.publication.Publication;
import io.pgrepl.core.subscription.Subscription;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reconcile with nothing to change reads each publisher once, however many subscriptions reach
 * it through the same DataSource (the starter's shared pool) and however many tables they have.
 */
class ReconcileRoundTripTests extends ReplicationIntegrationTests {

	private static final int SUBSCRIPTIONS = 10;

	@Test
	void inSyncTenSubscriptionsToOnePublisherCostAsManyStatementsAndConnectionsAsOne() {
		List<String> names = IntStream.rangeClosed(1, SUBSCRIPTIONS).mapToObj((i) -> "t" + i).toList();
		for (String table : names) {
			this.publisher.execute("create table " + table + " (id int primary key, note text)");
			this.subscriber.execute("create table " + table + " (id int primary key, note text)");
			new Publication(this.publisher.dataSource(), table + "_pub").create(table);
			new Subscription(this.subscriber.dataSource(), table + "_sub").create(SubscriptionDefinition
				.builder(this.publisher.peerConnInfo(), table + "_pub")
				.copyData(false)
				.build());
		}

		Counted one = reconcile(names.subList(0, 1));
		Counted ten = reconcile(names);

		assertThat(ten.plan().isEmpty()).as("nothing to change: %s", ten.plan()).isTrue();
		assertThat(ten.subscriberStatements()).as("statements on the subscriber").isEqualTo(one.subscriberStatements());
		assertThat(ten.publisherStatements()).as("statements on the publisher").isEqualTo(one.publisherStatements())
			.isLessThanOrEqualTo(6);
		assertThat(ten.publisherConnections()).as("connections to the publisher").isOne();
		assertThat(ten.subscriberConnections()).as("connections to the subscriber").isOne();
	}

	@Test
	void aSubscriberTableLackingAPublishedColumnIsStillFoundWhenItsSubscriptionSharesThePublisher() {
		for (String table : List.of("t1", "t2")) {
			this.publisher.execute("create table " + table + " (id int primary key, note text)");
			new Publication(this.publisher.dataSource(), table + "_pub").create(table);
		}
		this.subscriber.execute("create table t1 (id int primary key, note text)");
		this.subscriber.execute("create table t2 (id int primary key)");
		for (String table : List.of("t1", "t2")) {
			new Subscription(this.subscriber.dataSource(), table + "_sub").create(SubscriptionDefinition
				.builder(this.publisher.peerConnInfo(), table + "_pub")
				.copyData(false)
				.build());
		}

		Plan plan = replication(List.of("t1", "t2"), new CountingDataSource(this.subscriber.dataSource()),
				new CountingDataSource(this.publisher.dataSource()))
			.plan();

		assertThat(plan.warnings()).singleElement()
			.asString()
			.contains("subscription 't2_sub'", "public.t2 lacks published columns note");
	}

	private Counted reconcile(List<String> tables) {
		CountingDataSource subscriber = new CountingDataSource(this.subscriber.dataSource());
		CountingDataSource publisher = new CountingDataSource(this.publisher.dataSource());
		Plan plan = replication(tables, subscriber, publisher).apply();
		return new Counted(plan, subscriber.executed().size(), publisher.executed().size(), subscriber.connections(),
				publisher.connections());
	}

	private Replication replication(List<String> tables, CountingDataSource subscriber, CountingDataSource publisher) {
		List<DesiredSubscription> declared = tables.stream()
			.map((table) -> new DesiredSubscription(table + "_sub",
					SubscriptionDefinition.builder(this.publisher.peerConnInfo(), table + "_pub").copyData(false).build(),
					false, publisher, Setting.PUBLISHER))
			.toList();
		return Replication.configure(subscriber).desiredState(new DesiredState(List.of(), declared)).load();
	}

	private record Counted(Plan plan, int subscriberStatements, int publisherStatements, int subscriberConnections,
			int publisherConnections) {

	}

}
