package io.pgrepl.core.health;

import java.time.Duration;
import java.util.List;

import io.pgrepl.core.Replication;
import io.pgrepl.core.ReplicationManager;
import io.pgrepl.core.SyncTimeoutException;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.core.subscription.Subscription;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A table whose copy is done but whose table-sync slot is gone: what a subscriber crash between
 * PostgreSQL's drop of that slot and its commit of the table as synchronized leaves (the fault
 * suite met it after a SIGKILL). The test makes that state directly, as the crash leaves it: the
 * table marked copied ({@code f}) with its replication origin and no slot, written into the
 * catalogs as a superuser.
 */
class LostTableSyncSlotTests {

	private static final String ORDERS = "select count(*) || ':' || coalesce(md5(string_agg(id || '/' || item, ',' "
			+ "order by id)), '') from orders";

	@Test
	void aCopiedTableWithoutItsTableSyncSlotIsAnIssueSayingToRecreateTheSubscriptionAndTheRecreateCatchesUp() {
		try (TestDatabase publisher = PostgresServers.publisher().createDatabase();
				TestDatabase subscriber = PostgresServers.subscriber().createDatabase()) {
			publisher.execute("create table items (id int primary key)");
			subscriber.execute("create table items (id int primary key)");
			OrdersReplication.start(publisher, subscriber, (options) -> options);
			publisher.execute("alter publication orders_pub add table items",
					"insert into orders select g, 'before ' || g from generate_series(1, 100) g");
			subscriber.execute("alter subscription orders_sub refresh publication");
			subscriber.awaitQueryResult("select count(*) from pg_subscription_rel where srsubstate <> 'r'", 0L);
			subscriber.awaitRowCount("orders", 100);

			subscriber.execute("alter subscription orders_sub disable");
			subscriber.awaitQueryResult("select count(*) from pg_stat_subscription s join pg_subscription p "
					+ "on p.oid = s.subid where p.subname = 'orders_sub' and s.pid is not null", 0L);
			subscriber.execute("update pg_subscription_rel set srsubstate = 'f', srsublsn = null "
					+ "where srrelid = 'orders'::regclass",
					// pg_replication_origin_create refuses the reserved pg_ names the worker uses
					"insert into pg_replication_origin select (coalesce(max(roident::text::int), 0) + 1)::text::oid, 'pg_' || (select oid "
							+ "from pg_subscription where subname = 'orders_sub') || '_' || 'orders'::regclass::oid "
							+ "from pg_replication_origin",
					"alter subscription orders_sub enable");
			publisher.execute("insert into orders select g, 'after ' || g from generate_series(101, 200) g");

			SubscriptionHealth broken = OrdersReplication.poll(() -> health(publisher, subscriber),
					(health) -> !health.healthy(), "the lost table-sync slot reported");
			assertThat(broken.issues()).anySatisfy((issue) -> assertThat(issue)
				.startsWith("tables public.orders of subscription 'orders_sub' can never finish their initial sync")
				.contains("the table-sync slot (pg_<subscription oid>_sync_<table oid>_...) is gone from the publisher")
				.contains("Recreate the subscription: DROP SUBSCRIPTION \"orders_sub\", TRUNCATE \"public\".\"items\", "
						+ "\"public\".\"orders\" (the copy would otherwise meet the rows already there)"));
			assertThat(broken.issues()).noneMatch((issue) -> issue.contains("public.items of"));
			assertThat(subscriber.queryForLong("select count(*) from orders")).as("nothing arrives for it")
				.isEqualTo(100);
			assertThat(broken.initialSyncCannotFinish()).isTrue();
			Replication replication = Replication.configure(subscriber.dataSource())
				.desiredState(new DesiredState(List.of(), List.of(DesiredSubscription.of(OrdersReplication.SUBSCRIPTION,
						SubscriptionDefinition.builder(ConnInfo.parse(publisher.peerConnInfo()), OrdersReplication.PUBLICATION)
							.build(),
						true))))
				.load();
			long waiting = System.nanoTime();
			assertThatThrownBy(() -> replication.awaitSync(OrdersReplication.SUBSCRIPTION, Duration.ofMinutes(10)))
				.isInstanceOf(SyncTimeoutException.class)
				.hasMessageStartingWith("subscription 'orders_sub' cannot finish its initial sync, so waiting for it "
						+ "stopped: 1 tables are not ready: public.orders (finishedCopy); health reports: ")
				.hasMessageContaining("can never finish their initial sync");
			assertThat(Duration.ofNanos(System.nanoTime() - waiting)).as("not the 10 minutes")
				.isLessThan(Duration.ofSeconds(30));

			// The documented recovery.
			new Subscription(subscriber.dataSource(), OrdersReplication.SUBSCRIPTION).drop();
			subscriber.execute("truncate items, orders");
			new Subscription(subscriber.dataSource(), OrdersReplication.SUBSCRIPTION).create(
					SubscriptionDefinition.builder(publisher.peerConnInfo(), OrdersReplication.PUBLICATION).build());
			publisher.execute("insert into orders values (201, 'after the recreate')");
			subscriber.awaitQueryResult(ORDERS, publisher.queryForObject(ORDERS));
			OrdersReplication.poll(() -> health(publisher, subscriber), SubscriptionHealth::healthy, "health UP");
		}
	}

	private static SubscriptionHealth health(TestDatabase publisher, TestDatabase subscriber) {
		return ReplicationManager.healthCheckSubscriber(subscriber.dataSource(), OrdersReplication.SUBSCRIPTION,
				HealthThresholds.DEFAULTS, publisher.dataSource(), true);
	}

}
