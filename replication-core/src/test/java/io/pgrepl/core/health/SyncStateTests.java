package io.pgrepl.core.health;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.pgrepl.core.ReplicationManager;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.publication.Publication;
import io.pgrepl.core.status.SyncState;
import io.pgrepl.core.status.TableSyncStatus;
import io.pgrepl.core.subscription.Subscription;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SyncStateTests extends ReplicationIntegrationTests {

	@Test
	void theInitialCopyOfALargeTableIsSeenMovingThroughTheSyncStatesToReady() throws Exception {
		this.publisher.execute("create table big (id int primary key)",
				"insert into big select generate_series(1, 1000000)");
		this.subscriber.execute("create table big (id int primary key)");
		new Publication(this.publisher.dataSource(), "big_pub").create("big");
		List<SyncState> seen = new ArrayList<>();
		Subscription subscription = new Subscription(this.subscriber.dataSource(), "big_sub");
		subscription
			.create(SubscriptionDefinition.builder(this.publisher.peerConnInfo(), "big_pub").enabled(false).build());
		// The table-sync worker cannot write into the table while the test holds this lock, so the
		// states before ready stay observable however fast the machine copies. (CREATE SUBSCRIPTION
		// itself would wait for the lock: hence create disabled, lock, then enable.)
		try (Connection lock = this.subscriber.dataSource().getConnection();
				Statement statement = lock.createStatement()) {
			lock.setAutoCommit(false);
			statement.execute("lock table big in access exclusive mode");
			subscription.enable();

			SubscriptionHealth copying = OrdersReplication.poll(() -> {
				record(seen);
				return health();
			}, (h) -> h.healthy() && h.tables().counts().total() == 1 && h.tables().counts().ready() == 0,
					"the apply worker running and the table not ready");
			assertThat(copying.tables().stuckCopying()).as("a sync worker serves the table").isEmpty();
			assertThat(copying.tables().counts().init() + copying.tables().counts().copying()).isEqualTo(1);
			lock.commit();
		}
		OrdersReplication.poll(() -> record(seen), (ready) -> ready, "the table to become ready");

		assertThat(seen.get(0)).as("states seen: %s", seen).isIn(SyncState.INIT, SyncState.COPYING);
		assertThat(seen).last().isEqualTo(SyncState.READY);
		assertThat(seen).as("states only move forward").isSortedAccordingTo(Enum::compareTo);
		assertThat(seen).hasSizeGreaterThanOrEqualTo(2);
		assertThat(this.subscriber.rowCount("big")).isEqualTo(1_000_000);
	}

	@Test
	void subscriptionStatusListsEveryTableWithItsStateAndLsn() {
		String ddl = "create schema sales; create table sales.orders (id int primary key); "
				+ "create table customers (id int primary key)";
		this.publisher.execute(ddl);
		this.subscriber.execute(ddl);
		new Publication(this.publisher.dataSource(), "app_pub").create("sales.orders", "customers");
		new Subscription(this.subscriber.dataSource(), "app_sub")
			.create(SubscriptionDefinition.builder(this.publisher.peerConnInfo(), "app_pub").build());

		List<TableSyncStatus> status = OrdersReplication.poll(
				() -> ReplicationManager.getSubscriptionStatus(this.subscriber.dataSource()),
				(tables) -> tables.size() == 2 && tables.stream().allMatch((t) -> t.state() == SyncState.READY),
				"both tables ready");

		assertThat(status).extracting(TableSyncStatus::subscription, TableSyncStatus::schema, TableSyncStatus::table)
			.containsExactly(tuple("app_sub", "public", "customers"),
					tuple("app_sub", "sales", "orders"));
		assertThat(status).allSatisfy((table) -> {
			assertThat(table.stateCode()).isEqualTo('r');
			assertThat(table.stateName()).isEqualTo("ready");
			assertThat(table.lsn()).matches("[0-9A-F]+/[0-9A-F]+");
			assertThat(table.syncWorkerPid()).isNull();
		});
		assertThat(status.get(1).tableName()).isEqualTo(new TableName("sales", "orders"));
	}

	private SubscriptionHealth health() {
		return ReplicationManager.healthCheckSubscriber(this.subscriber.dataSource(), "big_sub");
	}

	/** Records the table's state when it differs from the last one seen; whether it is ready. */
	private boolean record(List<SyncState> seen) {
		List<TableSyncStatus> status = ReplicationManager.getSubscriptionStatus(this.subscriber.dataSource());
		if (status.isEmpty()) {
			return false;
		}
		SyncState state = status.get(0).state();
		if (seen.isEmpty() || seen.get(seen.size() - 1) != state) {
			seen.add(state);
		}
		return state == SyncState.READY;
	}

}
