package io.pgrepl.core.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.pgrepl.core.ReplicationManager;
import io.pgrepl.core.fixture.CountingDataSource;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.preflight.Preflight;
import io.pgrepl.core.publication.Publication;
import io.pgrepl.core.subscription.Subscription;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every check costs the same number of statements with 500 published tables (and more slots) as
 * with one: the SQL runs on the real servers, a counting {@code DataSource} only counts it.
 */
class ConstantRoundTripTests extends ReplicationIntegrationTests {

	private static final int TABLES = 500;

	@Test
	void everyCheckRunsAsManyStatementsWith500TablesAsWithOne() {
		createTables(1, 1);
		Publication publication = new Publication(this.publisher.dataSource(), "app_pub");
		publication.create("t1");
		Subscription subscription = new Subscription(this.subscriber.dataSource(), "app_sub");
		subscription.create(SubscriptionDefinition.builder(this.publisher.peerConnInfo(), "app_pub")
			.copyData(false)
			.build());
		Map<String, List<String>> withOneTable = countEveryCheck(1);

		createTables(2, TABLES);
		publication.addTables(IntStream.rangeClosed(2, TABLES).mapToObj((i) -> "t" + i).toArray());
		subscription.refresh(false);
		this.publisher.execute("select pg_create_logical_replication_slot('extra_' || g, 'pgoutput') "
				+ "from generate_series(1, 3) g");
		Map<String, List<String>> withManyTables = countEveryCheck(TABLES);

		assertThat(counts(withManyTables)).as("statements per check with %s tables: %s", TABLES, withManyTables)
			.isEqualTo(counts(withOneTable));
		assertThat(counts(withOneTable).values()).as("a handful each")
			.allSatisfy((count) -> assertThat(count).isLessThan(8));
		assertThat(counts(withOneTable).values().stream().mapToInt(Integer::intValue).sum()).isPositive();
	}

	private Map<String, List<String>> countEveryCheck(int tables) {
		List<String> names = IntStream.rangeClosed(1, tables).mapToObj((i) -> "t" + i).toList();
		Map<String, List<String>> counts = new LinkedHashMap<>();
		count(counts, "healthCheckPublisher", (publisher, subscriber) -> assertThat(ReplicationManager
			.healthCheckPublisher(publisher, HealthThresholds.DEFAULTS, List.of("app_pub"))
			.publications()
			.get("app_pub")
			.tables()).hasSize(tables));
		count(counts, "getReplicationLag", (publisher, subscriber) -> assertThat(
				ReplicationManager.getReplicationLag(publisher)).hasSize((tables == 1) ? 1 : 4));
		count(counts, "healthCheckSubscriber", (publisher, subscriber) -> assertThat(ReplicationManager
			.healthCheckSubscriber(subscriber, "app_sub", HealthThresholds.DEFAULTS, publisher)
			.tables()
			.counts()
			.total()).isEqualTo(tables));
		count(counts, "getSubscriptionStatus", (publisher, subscriber) -> assertThat(
				ReplicationManager.getSubscriptionStatus(subscriber)).hasSize(tables));
		count(counts, "checkPublisher(tables)", (publisher, subscriber) -> assertThat(
				Preflight.checkPublisher(publisher, PublicationDefinition.forTables(names)).ready()).isTrue());
		count(counts, "checkPublisher(all tables)", (publisher, subscriber) -> assertThat(
				Preflight.checkPublisher(publisher, PublicationDefinition.forAllTables()).ready()).isTrue());
		count(counts, "checkSubscriber",
				(publisher, subscriber) -> assertThat(Preflight.checkSubscriber(subscriber).ready()).isTrue());
		count(counts, "checkPublisherForSubscription", (publisher, subscriber) -> {
			try (PgSession session = PgSession.open(publisher, Side.PUBLISHER)) {
				assertThat(Preflight.checkPublisherForSubscription(session,
						SubscriptionDefinition.builder(this.publisher.peerConnInfo(), "app_pub").build())
					.ready()).isTrue();
			}
		});
		return counts;
	}

	private void count(Map<String, List<String>> counts, String check, Check run) {
		CountingDataSource publisher = new CountingDataSource(this.publisher.dataSource());
		CountingDataSource subscriber = new CountingDataSource(this.subscriber.dataSource());
		run.accept(publisher, subscriber);
		counts.put(check + " on the publisher", publisher.executed());
		counts.put(check + " on the subscriber", subscriber.executed());
	}

	private static Map<String, Integer> counts(Map<String, List<String>> statements) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		statements.forEach((check, executed) -> counts.put(check, executed.size()));
		return counts;
	}

	private void createTables(int from, int to) {
		String ddl = "do $$ begin for i in " + from + ".." + to
				+ " loop execute format('create table t%s (id int primary key)', i); end loop; end $$";
		this.publisher.execute(ddl);
		this.subscriber.execute(ddl);
	}

	@FunctionalInterface
	private interface Check {

		void accept(CountingDataSource publisher, CountingDataSource subscriber);

	}

}
