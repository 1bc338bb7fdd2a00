package io.pgrepl.core.subscription;

import java.time.Duration;
import java.util.List;

import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.Origin;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.Streaming;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.model.UnsupportedFeatureException;
import io.pgrepl.core.publication.Publication;
import io.pgrepl.core.status.SubscriptionInfo;
import io.pgrepl.test.ReplicationIntegrationTests;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubscriptionTests extends ReplicationIntegrationTests {

	@Test
	void insertsUpdatesAndDeletesArriveOnTheSubscriber() {
		createOrdersOnBothSides();
		this.publisher.execute("insert into orders values (1, 'existing')");
		new Publication(this.publisher.dataSource(), "orders_pub").create("orders");
		subscription().create(definition().build());

		this.subscriber.awaitRowCount("orders", 1);
		this.publisher.execute("insert into orders values (2, 'new')", "update orders set item = 'changed' where id = 1",
				"delete from orders where id = 2", "insert into orders values (3, 'third')");
		this.subscriber.awaitQueryResult("select string_agg(id || ':' || item, ',' order by id) from orders",
				"1:changed,3:third");
	}

	@Test
	void copyDataFalseSkipsExistingRowsButReplicatesNewOnes() {
		createOrdersOnBothSides();
		this.publisher.execute("insert into orders values (1, 'before')");
		new Publication(this.publisher.dataSource(), "orders_pub").create("orders");
		subscription().create(definition().copyData(false).build());
		awaitWorkerStreaming();

		this.publisher.execute("insert into orders values (2, 'after')");
		this.subscriber.awaitQueryResult("select string_agg(item, ',' order by id) from orders", "after");
	}

	@Test
	void refreshAfterAddTablesCopiesAndReplicatesTheNewTable() {
		createOrdersOnBothSides();
		this.publisher.execute("create table customers (id int primary key, name text)",
				"insert into customers values (1, 'ada')");
		this.subscriber.execute("create table customers (id int primary key, name text)");
		Publication publication = new Publication(this.publisher.dataSource(), "orders_pub");
		publication.create("orders");
		Subscription subscription = subscription();
		subscription.create(definition().build());
		awaitWorkerStreaming();

		publication.addTables("customers");
		subscription.refresh(true);
		this.subscriber.awaitRowCount("customers", 1);
		this.publisher.execute("insert into customers values (2, 'grace')");
		this.subscriber.awaitRowCount("customers", 2);
	}

	@Test
	void disableStopsTheFlowAndEnableResumesWithoutLoss() {
		createOrdersOnBothSides();
		new Publication(this.publisher.dataSource(), "orders_pub").create("orders");
		Subscription subscription = subscription();
		subscription.create(definition().build());
		this.publisher.execute("insert into orders values (1, 'a')");
		this.subscriber.awaitRowCount("orders", 1);

		subscription.disable();
		awaitNoWorker();
		this.publisher.execute("insert into orders select g, 'while disabled' from generate_series(2, 100) g");
		assertThat(this.subscriber.rowCount("orders")).isEqualTo(1);
		assertThat(subscription.describe().orElseThrow().enabled()).isFalse();

		subscription.enable();
		this.subscriber.awaitRowCount("orders", 100);
	}

	@Test
	void refreshOfADisabledSubscriptionIsRefusedWithAClearMessage() {
		createOrdersOnBothSides();
		new Publication(this.publisher.dataSource(), "orders_pub").create("orders");
		Subscription subscription = subscription();
		subscription.create(definition().enabled(false).build());

		assertThatThrownBy(() -> subscription.refresh(true)).isInstanceOf(ReplicationException.class)
			.hasMessageContaining("'orders_sub' is disabled")
			.hasMessageContaining("enable() it first");
	}

	@Test
	void dropRemovesTheSubscriptionAndItsSlotOnThePublisher() {
		createOrdersOnBothSides();
		new Publication(this.publisher.dataSource(), "orders_pub").create("orders");
		Subscription subscription = subscription();
		subscription.create(definition().build());
		assertThat(slotCount("orders_sub")).isEqualTo(1);

		SubscriptionDropResult result = subscription.drop();

		assertThat(result.existed()).isTrue();
		assertThat(result.hasOrphanedSlot()).isFalse();
		assertThat(subscription.exists()).isFalse();
		assertThat(slotCount("orders_sub")).isZero();
		assertThat(subscription.drop().existed()).isFalse();
	}

	@Test
	void describeReadsTheSubscriptionBack() {
		createOrdersOnBothSides();
		new Publication(this.publisher.dataSource(), "orders_pub").create("orders");
		new Publication(this.publisher.dataSource(), "other_pub").create();
		subscription().create(SubscriptionDefinition.builder(this.publisher.peerConnInfo(), "orders_pub", "other_pub")
			.slotName("custom_slot")
			.enabled(false)
			.binary(true)
			.synchronousCommit("local")
			.build());

		SubscriptionInfo info = subscription().describe().orElseThrow();
		assertThat(info.name()).isEqualTo("orders_sub");
		assertThat(info.enabled()).isFalse();
		assertThat(info.slotName()).isEqualTo("custom_slot");
		assertThat(info.publications()).containsExactly("orders_pub", "other_pub");
		assertThat(info.binary()).isTrue();
		assertThat(info.synchronousCommit()).isEqualTo("local");
		assertThat(info.connectionString()).isEqualTo(ConnInfo.parse(this.publisher.peerConnInfo()));
		assertThat(slotCount("custom_slot")).isEqualTo(1);
	}

	@Test
	void subscriptionToADatabaseOfTheSameClusterDoesNotHang() {
		this.subscriber.close();
		this.subscriber = this.publisher.server().createDatabase();
		createOrdersOnBothSides();
		this.publisher.execute("insert into orders values (1, 'copied')");
		new Publication(this.publisher.dataSource(), "orders_pub").create("orders");

		org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
				() -> subscription().create(definition().build()));

		this.subscriber.awaitRowCount("orders", 1);
		this.publisher.execute("insert into orders values (2, 'streamed')");
		this.subscriber.awaitRowCount("orders", 2);
		// the copy's own slot and worker are gone once the table is ready
		this.subscriber.awaitQueryResult("select count(*) from pg_subscription_rel where srsubstate <> 'r'", 0);
		this.subscriber.awaitQueryResult("select count(*) from pg_stat_subscription where relid is not null", 0);
		assertThat(subscription().drop().hasOrphanedSlot()).isFalse();
		assertThat(slotCount("orders_sub")).isZero();
	}

	@Test
	void droppingASameClusterSubscriptionWhileTablesAreCopiedDoesNotHangAndLeavesNoSlot() {
		this.subscriber.close();
		this.subscriber = this.publisher.server().createDatabase();
		for (int i = 1; i <= 4; i++) {
			String table = "big" + i;
			this.publisher.execute("create table " + table + " (id int primary key, payload text)",
					"insert into " + table + " select g, repeat('x', 200) from generate_series(1, 200000) g");
			this.subscriber.execute("create table " + table + " (id int primary key, payload text)");
		}
		new Publication(this.publisher.dataSource(), "orders_pub").create("big1", "big2", "big3", "big4");
		subscription().create(definition().build());
		String syncSlots = "select count(*) from pg_replication_slots where slot_name like 'pg\\_%\\_sync\\_%' "
				+ "and database = '" + this.publisher.name() + "'";
		TestDatabase.await(() -> this.publisher.queryForLong(syncSlots) > 0, "a table copy to start");

		SubscriptionDropResult result = org.junit.jupiter.api.Assertions
			.assertTimeoutPreemptively(Duration.ofSeconds(45), () -> subscription().drop());

		assertThat(result.existed()).isTrue();
		assertThat(result.hasOrphanedSlot()).isFalse();
		assertThat(subscription().exists()).isFalse();
		assertThat(this.publisher.queryForLong("select count(*) from pg_replication_slots where database = '"
				+ this.publisher.name() + "'")).isZero();
	}

	@Test
	void unsupportedOptionsFailNamingTheOptionAndVersionAndCreateNothing() {
		createOrdersOnBothSides();
		new Publication(this.publisher.dataSource(), "orders_pub").create("orders");
		int major = serverMajorVersion();
		List<Object[]> gated = List.of(new Object[] { "two_phase", 15, definition().twoPhase(true) },
				new Object[] { "disable_on_error", 15, definition().disableOnError(true) },
				new Object[] { "origin", 16, definition().origin(Origin.NONE) },
				new Object[] { "streaming = parallel", 16, definition().streaming(Streaming.PARALLEL) },
				new Object[] { "run_as_owner", 16, definition().runAsOwner(true) },
				new Object[] { "password_required", 16, definition().passwordRequired(false) },
				new Object[] { "failover", 17, definition().failover(true) });
		for (Object[] option : gated) {
			String name = (String) option[0];
			int since = (int) option[1];
			SubscriptionDefinition definition = ((SubscriptionDefinition.Builder) option[2]).enabled(false).build();
			if (major < since) {
				assertThatThrownBy(() -> subscription().create(definition))
					.isInstanceOf(UnsupportedFeatureException.class)
					.hasMessageContaining(name)
					.hasMessageContaining("requires PostgreSQL " + since);
				assertThat(subscription().exists()).isFalse();
				assertThat(slotCount("orders_sub")).isZero();
			}
			else {
				subscription().create(definition);
				assertThat(subscription().exists()).as(name).isTrue();
				subscription().drop();
			}
		}
	}

	@Test
	void optionsAtTheirDefaultsAreAcceptedOnEveryVersion() {
		createOrdersOnBothSides();
		new Publication(this.publisher.dataSource(), "orders_pub").create("orders");
		subscription().create(definition().twoPhase(false)
			.disableOnError(false)
			.origin(Origin.ANY)
			.failover(false)
			.passwordRequired(true)
			.runAsOwner(false)
			.streaming(Streaming.OFF)
			.build());

		SubscriptionInfo info = subscription().describe().orElseThrow();
		assertThat(info.streaming()).isEqualTo(Streaming.OFF);
		assertThat(info.origin()).isEqualTo(Origin.ANY);
		assertThat(info.twoPhase()).isFalse();
	}

	private void createOrdersOnBothSides() {
		String ddl = "create table orders (id int primary key, item text)";
		this.publisher.execute(ddl);
		this.subscriber.execute(ddl);
	}

	private Subscription subscription() {
		return new Subscription(this.subscriber.dataSource(), "orders_sub");
	}

	private SubscriptionDefinition.Builder definition() {
		return SubscriptionDefinition.builder(this.publisher.peerConnInfo(), "orders_pub");
	}

	private long slotCount(String slotName) {
		return this.publisher.queryForLong("select count(*) from pg_replication_slots where slot_name = '"
				+ slotName + "' and database = '" + this.publisher.name() + "'");
	}

	private void awaitWorkerStreaming() {
		this.subscriber.awaitQueryResult("select count(*) from pg_stat_subscription where subname = 'orders_sub'"
				+ " and relid is null and received_lsn is not null", 1L);
		this.subscriber.awaitQueryResult("select count(*) from pg_subscription_rel where srsubstate <> 'r'", 0L);
	}

	private void awaitNoWorker() {
		this.subscriber.awaitQueryResult(
				"select count(*) from pg_stat_subscription where subname = 'orders_sub' and pid is not null", 0L);
	}

}
