package io.pgrepl.core.health;

import java.util.List;
import java.util.function.Predicate;

import io.pgrepl.core.Replication;
import io.pgrepl.core.ReplicationManager;
import io.pgrepl.core.fixture.CountingDataSource;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.core.subscription.Subscription;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;

import static io.pgrepl.core.health.OrdersReplication.PUBLICATION;
import static io.pgrepl.core.health.OrdersReplication.SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A column the publisher adds is an issue of the subscription's health as soon as it is published,
 * before a change to it stops apply, and while it does; it is gone once the subscriber has the
 * column, whether or not pgrepl creates tables.
 */
class ColumnDriftHealthTests extends ReplicationIntegrationTests {

	private static final String DRIFT = "tables of subscription 'orders_sub' lack columns the publisher publishes: "
			+ "public.orders (note)";

	@Test
	void aColumnThePublisherAddsIsAnIssueUntilTheSubscriberHasIt() {
		OrdersReplication.start(this.publisher, this.subscriber, (options) -> options);
		this.publisher.execute("insert into orders values (1, 'a')");
		this.subscriber.awaitRowCount("orders", 1);
		awaitHealth((h) -> h.healthy() && h.tables().counts().ready() == 1, "replicating");

		this.publisher.execute("alter table orders add column note text");
		SubscriptionHealth beforeApplyFails = check();
		this.publisher.execute("insert into orders values (2, 'b', 'needs the new column')");
		SubscriptionHealth whileApplyFails = awaitHealth((h) -> h.issues().size() > 1,
				"the apply worker to stop at the row with the new column");

		assertThat(beforeApplyFails.healthy()).isFalse();
		assertThat(beforeApplyFails.issues()).singleElement().asString().startsWith(DRIFT);
		assertThat(whileApplyFails.issues()).anyMatch((issue) -> issue.startsWith(DRIFT));
		assertThat(this.subscriber.queryForLong("select count(*) from orders")).isOne();

		this.subscriber.execute("alter table orders add column note text");
		this.subscriber.awaitRowCount("orders", 2);
		SubscriptionHealth recovered = awaitHealth(SubscriptionHealth::healthy, "healthy once the column exists");

		assertThat(recovered.issues()).isEmpty();
		assertThat(this.subscriber.queryForObject("select note from orders where id = 2"))
			.isEqualTo("needs the new column");
	}

	@Test
	void replicationComparesColumnsOnceAMinuteAndAtEverySnapshotWhileDriftIsFound() {
		OrdersReplication.start(this.publisher, this.subscriber, (options) -> options);
		awaitHealth((h) -> h.healthy() && h.tables().counts().ready() == 1, "replicating");
		this.publisher.execute("alter table orders add column note text");
		CountingDataSource subscriber = new CountingDataSource(this.subscriber.dataSource());
		Replication replication = Replication.configure(subscriber)
			.desiredState(new DesiredState(List.of(), List.of(new DesiredSubscription(SUBSCRIPTION,
					SubscriptionDefinition.builder(this.publisher.peerConnInfo(), PUBLICATION).build(), false,
					this.publisher.dataSource(), Setting.PUBLISHER))))
			.load();

		assertThat(replication.subscriptionHealth(SUBSCRIPTION).issues()).as("the first snapshot compares")
			.singleElement()
			.asString()
			.startsWith(DRIFT);
		int first = subscriber.executed().size();
		this.subscriber.execute("alter table orders add column note text");
		assertThat(replication.subscriptionHealth(SUBSCRIPTION).issues()).as("compared again while drift is found")
			.isEmpty();
		int second = subscriber.executed().size() - first;
		assertThat(replication.subscriptionHealth(SUBSCRIPTION).issues()).isEmpty();
		int third = subscriber.executed().size() - first - second;

		assertThat(third).as("statements of a snapshot within the minute, without the column comparison")
			.isEqualTo(second - 1);
	}

	@Test
	void aColumnLeftOutOfTheColumnListIsNoDrift() {
		if (serverMajorVersion() < 15) {
			return;
		}
		this.publisher.execute("create table orders (id int primary key, item text, secret text)");
		this.subscriber.execute("create table orders (id int primary key, item text)");
		this.publisher.execute("create publication " + PUBLICATION + " for table orders (id, item)");
		new Subscription(this.subscriber.dataSource(), SUBSCRIPTION)
			.create(SubscriptionDefinition.builder(this.publisher.peerConnInfo(), PUBLICATION).build());
		awaitHealth((h) -> h.healthy() && h.tables().counts().ready() == 1, "replicating");

		this.publisher.execute("alter publication " + PUBLICATION + " set table orders (id, item, secret)");

		assertThat(check().issues()).singleElement()
			.asString()
			.startsWith("tables of subscription 'orders_sub' lack columns the publisher publishes: public.orders "
					+ "(secret)");
	}

	private SubscriptionHealth check() {
		return ReplicationManager.healthCheckSubscriber(this.subscriber.dataSource(), SUBSCRIPTION,
				HealthThresholds.DEFAULTS, this.publisher.dataSource());
	}

	private SubscriptionHealth awaitHealth(Predicate<SubscriptionHealth> condition, String description) {
		return OrdersReplication.poll(this::check, condition, description);
	}

}
