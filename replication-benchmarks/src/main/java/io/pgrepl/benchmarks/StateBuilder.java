package io.pgrepl.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pgrepl.core.ReplicationManager;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.SubscriptionDefinition;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the measured state through the core's stable entry points: the same tables on both
 * sides, publications on the publisher, subscriptions on the subscriber, and waits until every
 * table is ready ({@code r} in {@code pg_subscription_rel}). Objects are named {@code bench_*}, and
 * {@link #drop()} removes them again from given servers.
 */
final class StateBuilder {

	private static final Logger logger = LoggerFactory.getLogger(StateBuilder.class);

	private final BenchmarkSettings settings;

	private final Endpoint publisher;

	private final Endpoint subscriber;

	StateBuilder(BenchmarkSettings settings, Endpoint publisher, Endpoint subscriber) {
		this.settings = settings;
		this.publisher = publisher;
		this.subscriber = subscriber;
	}

	BenchmarkState build() {
		drop();
		long startedAt = System.nanoTime();
		List<String> tables = new ArrayList<>();
		for (int i = 1; i <= this.settings.tables(); i++) {
			tables.add(String.format("bench_t%04d", i));
		}
		String create = String.join(";\n", tables.stream()
			.map((table) -> "CREATE TABLE " + table + " (id bigint PRIMARY KEY, payload text)")
			.toList());
		this.publisher.execute(create);
		this.subscriber.execute(create);
		Map<String, List<String>> publications = new LinkedHashMap<>();
		for (int i = 0; i < tables.size(); i++) {
			publications.computeIfAbsent(publicationName(i % this.settings.publications()), (name) -> new ArrayList<>())
				.add(tables.get(i));
		}
		publications.forEach((name, published) -> ReplicationManager.setupPublisher(this.publisher.admin(), name,
				PublicationDefinition.forTables(published)));
		Map<String, List<String>> subscribed = new LinkedHashMap<>();
		List<String> publicationNames = List.copyOf(publications.keySet());
		for (int i = 0; i < publicationNames.size(); i++) {
			subscribed.computeIfAbsent(subscriptionName(i % this.settings.subscriptions()), (name) -> new ArrayList<>())
				.add(publicationNames.get(i));
		}
		Map<String, SubscriptionDefinition> subscriptions = new LinkedHashMap<>();
		subscribed.forEach((name, names) -> {
			SubscriptionDefinition definition = SubscriptionDefinition
				.builder(this.publisher.peerConnInfo(), names.toArray(String[]::new))
				.build();
			ReplicationManager.setupSubscriber(this.subscriber.admin(), name, definition, List.of(), false, null);
			subscriptions.put(name, definition);
		});
		awaitReady(tables.size());
		logger.info("{} tables in {} publications and {} subscriptions ready in {} s", tables.size(),
				publications.size(), subscriptions.size(), (System.nanoTime() - startedAt) / 1_000_000_000);
		return new BenchmarkState(tables, publications, subscriptions);
	}

	/** Removes the {@code bench_*} subscriptions (with their slots), publications and tables. */
	void drop() {
		for (String subscription : names(this.subscriber,
				"select subname from pg_subscription where subname like 'bench\\_sub\\_%' "
						+ "and subdbid = (select oid from pg_database where datname = current_database())")) {
			this.subscriber.execute("DROP SUBSCRIPTION " + subscription);
		}
		for (String publication : names(this.publisher,
				"select pubname from pg_publication where pubname like 'bench\\_pub\\_%'")) {
			this.publisher.execute("DROP PUBLICATION " + publication);
		}
		for (Endpoint endpoint : List.of(this.publisher, this.subscriber)) {
			for (String table : names(endpoint,
					"select tablename from pg_tables where schemaname = 'public' and tablename like 'bench\\_t%'")) {
				endpoint.execute("DROP TABLE " + table);
			}
		}
	}

	private void awaitReady(int tables) {
		String sql = "select count(*) from pg_subscription_rel r join pg_subscription s on s.oid = r.srsubid "
				+ "where r.srsubstate = 'r' and s.subname like 'bench\\_sub\\_%'";
		Awaitility.await("all " + tables + " tables ready on the subscriber")
			.atMost(this.settings.readyTimeout())
			.pollInterval(Duration.ofMillis(500))
			.until(() -> this.subscriber.queryForLong(sql) == tables);
	}

	private static List<String> names(Endpoint endpoint, String sql) {
		List<String> names = new ArrayList<>();
		try (Connection connection = endpoint.admin().getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery(sql)) {
			while (resultSet.next()) {
				names.add(resultSet.getString(1));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Query failed on the " + endpoint.name() + ": " + ex.getMessage(), ex);
		}
		return names;
	}

	private static String publicationName(int index) {
		return String.format("bench_pub_%02d", index + 1);
	}

	private static String subscriptionName(int index) {
		return String.format("bench_sub_%02d", index + 1);
	}

}
