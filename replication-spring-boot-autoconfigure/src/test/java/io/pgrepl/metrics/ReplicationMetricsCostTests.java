package io.pgrepl.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgrepl.core.Replication;
import io.pgrepl.core.health.ReplicationSnapshot;
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
 * of tables and meters; within the refresh window it reads nothing, and concurrent scrapes share
 * one reading.
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

	@Test
	void concurrentScrapesShareOneReading() throws Exception {
		createTables(1, 1);
		StatementCountingDataSource publisherDb = new StatementCountingDataSource(this.publisher.dataSource());
		Supplier<Replication> publishing = () -> Replication.configure(publisherDb.dataSource())
			.desiredState(new DesiredState(
					List.of(DesiredPublication.of("orders_pub", PublicationDefinition.forAllTables())), List.of()))
			.load();
		publishing.get().apply();
		publisherDb.reset();
		new SnapshotCache(publishing.get(), Duration.ofMinutes(5), Clock.systemUTC(), (snapshot) -> {
		}).get();
		int oneReading = publisherDb.statements();

		SnapshotCache cache = new SnapshotCache(publishing.get(), Duration.ofMinutes(5), Clock.systemUTC(),
				(snapshot) -> {
				});
		publisherDb.reset();
		int callers = 8;
		CyclicBarrier together = new CyclicBarrier(callers);
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		try {
			List<Future<ReplicationSnapshot>> snapshots = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				snapshots.add(executor.submit(() -> {
					together.await();
					return cache.get();
				}));
			}
			Set<ReplicationSnapshot> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
			for (Future<ReplicationSnapshot> snapshot : snapshots) {
				distinct.add(snapshot.get(1, TimeUnit.MINUTES));
			}
			assertThat(distinct).as("one snapshot for every caller").hasSize(1).doesNotContainNull();
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(oneReading).isPositive();
		assertThat(publisherDb.statements()).as("the statements of one reading").isEqualTo(oneReading);
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
