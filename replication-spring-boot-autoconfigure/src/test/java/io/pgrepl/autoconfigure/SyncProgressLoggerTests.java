package io.pgrepl.autoconfigure;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.pgrepl.core.Replication;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.core.status.SyncState;
import io.pgrepl.core.status.TableSyncStatus;
import io.pgrepl.test.ReplicationIntegrationTests;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code await-sync}, the initial sync's progress is logged while tables are not ready,
 * with the publisher's size of those tables as the copy's total, and the logging ends once they all are.
 */
@ExtendWith(OutputCaptureExtension.class)
class SyncProgressLoggerTests extends ReplicationIntegrationTests {

	@Test
	void progressIsLoggedWhileTablesAreNotReadyAndStopsOnceTheyAre(CapturedOutput output) {
		this.publisher.execute("create table orders (id int primary key)", "insert into orders select generate_series(1, 100)");
		this.subscriber.execute("create table orders (id int primary key)");
		Replication.configure(this.publisher.dataSource())
			.desiredState(new DesiredState(List.of(DesiredPublication.of("orders_pub", PublicationDefinition.forTables("orders"))),
					List.of()))
			.load()
			.apply();
		// created disabled: its table stays in init until it is enabled
		SubscriptionDefinition definition = SubscriptionDefinition
			.builder(ConnInfo.parse(this.publisher.peerConnInfo()), "orders_pub")
			.enabled(false)
			.build();
		Replication subscriber = Replication.configure(this.subscriber.dataSource())
			.desiredState(new DesiredState(List.of(), List.of(DesiredSubscription.of("orders_sub", definition, false))))
			.load();
		subscriber.apply();
		SyncProgressLogger progress = new SyncProgressLogger(subscriber, Duration.ofMillis(100));
		progress.start();
		try {
			TestDatabase.await(() -> output.getAll().contains("pgrepl: initial sync: subscription 'orders_sub': 0 of 1 "
					+ "tables ready (init 1"), "a progress line");
			assertThat(progress.isRunning()).isTrue();
			long size = this.publisher.queryForLong("select pg_table_size('orders')");
			assertThat(subscriber.subscriptionHealth("orders_sub").tables().all()).singleElement()
				.satisfies((table) -> assertThat(table.sizeBytes()).as("the publisher's size, the copy's total")
					.isEqualTo(size)
					.isPositive());
			assertThat(output.getAll()).as("the total, and no rate while nothing is copied")
				.containsPattern("tables ready \\(init 1, copying 0, finishedCopy 0, synchronized 0\\), "
						+ "copied ~0 bytes of ~[0-9.]+ kB \\(publisher table sizes\\)")
				.doesNotContain("ETA");

			this.subscriber.execute("alter subscription orders_sub enable");

			TestDatabase.await(() -> !progress.isRunning(), "the logging to end once the table is ready");
			assertThat(output.getAll()).contains("pgrepl: initial sync done: every table of every subscription is ready");
			assertThat(this.subscriber.queryForLong("select count(*) from orders")).isEqualTo(100);
			assertThat(subscriber.subscriptionHealth("orders_sub").tables().all()).singleElement()
				.satisfies((table) -> assertThat(table.sizeBytes()).as("not read once the table is ready").isNull());
		}
		finally {
			progress.stop();
		}
	}

	/**
	 * A copy held still halfway: a trigger that fires during the table-sync copy ({@code ENABLE
	 * ALWAYS}) waits at row 500 for an advisory lock the test holds, so the copy is read while it
	 * runs, not raced.
	 */
	@Test
	void aRunningCopyShowsWhatItReceivedOfThePublisherSize(CapturedOutput output) throws Exception {
		this.publisher.execute("create table orders (id int primary key, item text)",
				"insert into orders select g, repeat('x', 100) from generate_series(1, 1000) g");
		this.subscriber.execute("create table orders (id int primary key, item text)", """
				create function wait_for_the_test() returns trigger language plpgsql as $$
				begin
				  perform pg_advisory_lock_shared(42);
				  perform pg_advisory_unlock_shared(42);
				  return new;
				end $$""", "create trigger halfway before insert on orders for each row when (new.id = 500) "
				+ "execute function wait_for_the_test()", "alter table orders enable always trigger halfway");
		long size = this.publisher.queryForLong("select pg_table_size('orders')");
		Replication.configure(this.publisher.dataSource())
			.desiredState(new DesiredState(List.of(DesiredPublication.of("orders_pub", PublicationDefinition.forTables("orders"))),
					List.of()))
			.load()
			.apply();
		Replication subscriber = Replication.configure(this.subscriber.dataSource())
			.desiredState(new DesiredState(List.of(), List.of(DesiredSubscription.of("orders_sub",
					SubscriptionDefinition.builder(ConnInfo.parse(this.publisher.peerConnInfo()), "orders_pub").build(),
					false))))
			.load();
		SyncProgressLogger progress = new SyncProgressLogger(subscriber, Duration.ofMillis(200));
		try (Connection test = this.subscriber.dataSource().getConnection();
				Statement statement = test.createStatement()) {
			statement.execute("select pg_advisory_lock(42)");
			subscriber.apply();
			TestDatabase.await(() -> {
				TableSyncStatus table = subscriber.subscriptionHealth("orders_sub").tables().all().get(0);
				return table.copiedRows() != null && table.copiedRows() == 499;
			}, "the copy to wait at row 500");
			TableSyncStatus copying = subscriber.subscriptionHealth("orders_sub").tables().all().get(0);
			assertThat(copying.state()).isEqualTo(SyncState.COPYING);
			assertThat(copying.syncWorkerPid()).isNotNull();
			assertThat(copying.sizeBytes()).as("the publisher's size").isEqualTo(size);
			assertThat(copying.copiedBytes()).as("what pg_stat_progress_copy shows the copy received")
				.isEqualTo(this.subscriber.queryForLong("select bytes_processed from pg_stat_progress_copy "
						+ "where relid = 'orders'::regclass"))
				.isPositive();

			progress.start();
			TestDatabase.await(() -> output.getAll().contains(" bytes/s"), "a second progress line, with a rate");
			assertThat(output.getAll()).contains("pgrepl: initial sync: subscription 'orders_sub': 0 of 1 tables ready "
					+ "(init 0, copying 1, finishedCopy 0, synchronized 0), copied ~")
				.contains(" (publisher table sizes), running copies: ")
				.contains(", 499 rows, 0 bytes/s")
				.as("no ETA while nothing is copied")
				.doesNotContain("ETA");

			statement.execute("select pg_advisory_unlock(42)");
			TestDatabase.await(() -> !progress.isRunning(), "the logging to end once the table is ready");
			assertThat(this.subscriber.queryForLong("select count(*) from orders")).isEqualTo(1000);
		}
		finally {
			progress.stop();
		}
	}

}
