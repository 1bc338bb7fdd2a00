package io.pgrepl.metrics;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgrepl.core.Replication;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scrape reads one snapshot, the queries of one health check per server, whatever the number
 * of tables and meters; within the refresh window it reads nothing.
 */
class ReplicationMetricsCostTests extends ReplicationIntegrationTests {

	@Test
	void oneRefreshRunsAsManyStatementsWithAHundredTablesAsWithTen() {
		createTables(1, 10);
		StatementCountingDataSource publisherDb = new StatementCountingDataSource(this.publisher.dataSource());
		StatementCountingDataSource subscriberDb = new StatementCountingDataSource(this.subscriber.dataSource());
		Replication publishing = Replication.configure(publisherDb.dataSource())
			.desiredState(new DesiredState(
					List.of(DesiredPublication.of("orders_pub", PublicationDefinition.forAllTables())), List.of()))
			.load();
		// a new Replication for each scrape: the first snapshot of each also compares columns (drift)
		Supplier<Replication> subscribing = () -> Replication.configure(subscriberDb.dataSource())
			.desiredState(new DesiredState(List.of(),
					List.of(new DesiredSubscription("orders_sub",
							SubscriptionDefinition.builder(this.publisher.peerConnInfo(), "orders_pub").build(), false,
							publisherDb.dataSource(), Setting.PUBLISHER))))
			.load();
		publishing.apply();
		subscribing.get().apply();
		awaitEveryTableReady(10);

		int withTen = statementsOfOneScrape(publishing, subscribing.get(), publisherDb, subscriberDb, 10);

		createTables(11, 100);
		this.subscriber.execute("alter subscription orders_sub refresh publication");
		awaitEveryTableReady(100);
		int withAHundred = statementsOfOneScrape(publishing, subscribing.get(), publisherDb, subscriberDb, 100);

		assertThat(withTen).isPositive();
		assertThat(withAHundred).isEqualTo(withTen);
	}

	@Test
	void scrapesWithinTheRefreshWindowRunNoStatement() {
		createTables(1, 1);
		StatementCountingDataSource publisherDb = new StatementCountingDataSource(this.publisher.dataSource());
		Replication publishing = Replication.configure(publisherDb.dataSource())
			.desiredState(new DesiredState(
					List.of(DesiredPublication.of("orders_pub", PublicationDefinition.forAllTables())), List.of()))
			.load();
		publishing.apply();
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new ReplicationMetrics(publishing, Duration.ofMinutes(5)).bindTo(registry);
		readEveryMeter(registry);
		publisherDb.reset();

		readEveryMeter(registry);
		readEveryMeter(registry);

		assertThat(publisherDb.statements()).isZero();
	}

	private int statementsOfOneScrape(Replication publishing, Replication subscribing,
			StatementCountingDataSource publisherDb, StatementCountingDataSource subscriberDb, int tables) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new ReplicationMetrics(publishing, Duration.ofMinutes(5)).bindTo(registry);
		new ReplicationMetrics(subscribing, Duration.ofMinutes(5)).bindTo(registry);
		publisherDb.reset();
		subscriberDb.reset();
		readEveryMeter(registry);
		readEveryMeter(registry);
		assertThat(registry.get("pgrepl.subscription.tables").tag("state", "ready").gauge().value())
			.isEqualTo(tables);
		return publisherDb.statements() + subscriberDb.statements();
	}

	private static void readEveryMeter(SimpleMeterRegistry registry) {
		for (Meter meter : registry.getMeters()) {
			for (Measurement measurement : meter.measure()) {
				measurement.getValue();
			}
		}
	}

	private void createTables(int from, int to) {
		String[] ddl = IntStream.rangeClosed(from, to)
			.mapToObj((i) -> "create table t" + i + " (id int primary key)")
			.toArray(String[]::new);
		this.publisher.execute(ddl);
		this.subscriber.execute(ddl);
	}

	private void awaitEveryTableReady(int tables) {
		this.subscriber.awaitQueryResult("select count(*) from pg_subscription_rel where srsubstate = 'r'",
				(long) tables);
	}

}
