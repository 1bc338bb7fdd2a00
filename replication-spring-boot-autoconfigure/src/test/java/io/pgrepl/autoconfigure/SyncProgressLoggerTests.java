package io.pgrepl.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.pgrepl.core.Replication;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredSubscription;
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

}
