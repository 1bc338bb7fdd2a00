package io.pgrepl.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pgrepl.core.ReconcileRun;
import io.pgrepl.core.Replication;
import io.pgrepl.core.publication.Heartbeat;
import io.pgrepl.test.ReplicationIntegrationTests;
import io.pgrepl.test.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A publisher and a subscriber web application with Micrometer's Prometheus registry, scraped
 * over real HTTP at {@code /actuator/prometheus}: every replication meter is there, with the value
 * the catalog shows once rows flowed, as the test reads it with its own SQL (tables by sync state,
 * worker, slot, WAL distances, capacity, error and conflict counters, the heartbeat's age).
 */
class ReplicationPrometheusEndpointTests extends ReplicationIntegrationTests {

	@RegisterExtension
	static final PublisherRole role = new PublisherRole("metrics_rep", "Metrics'Pass\\word42");

	private static final Map<String, Object> WEB = Map.of("server.port", "0",
			"management.endpoints.web.exposure.include", "health,prometheus", "replication.metrics.refresh", "200ms");

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void everyMeterIsScrapedWithTheValueTheCatalogShows() throws Exception {
		this.publisher.execute("create table orders (id int primary key, item text)",
				"insert into orders values (1, 'a')", "grant select on orders to " + role.name());
		// pgrepl's heartbeat table as the publishing application would create it, readable by the replicator
		Heartbeat.createTable().forEach(this.publisher::execute);
		this.publisher.execute("grant usage on schema pgrepl to " + role.name(),
				"grant select on pgrepl.heartbeat to " + role.name());
		try (ConfigurableApplicationContext publisherApp = TestApplications.startWeb(this.publisher, WEB,
				Map.of("replication.publications.orders_pub.all-tables", "true",
						"replication.publications.orders_pub.heartbeat", "1s"));
				ConfigurableApplicationContext subscriberApp = TestApplications.startWeb(this.subscriber, WEB, subscriberProperties())) {
			this.subscriber.awaitRowCount("orders", 1);
			this.publisher.execute("insert into orders select g, 'x' from generate_series(2, 100) g");
			this.subscriber.awaitRowCount("orders", 100);
			JdbcTemplate publisherDb = new JdbcTemplate(this.publisher.dataSource());
			JdbcTemplate subscriberDb = new JdbcTemplate(this.subscriber.dataSource());
			String sub = "subscription=\"orders_sub\"";

			await(() -> {
				Scrape scrape = scrape(subscriberApp);
				Map<String, Object> states = subscriberDb.queryForMap("""
						select count(*) filter (where srsubstate = 'i') as init,
						       count(*) filter (where srsubstate = 'd') as copying,
						       count(*) filter (where srsubstate = 'f') as "finishedCopy",
						       count(*) filter (where srsubstate = 's') as synchronized,
						       count(*) filter (where srsubstate = 'r') as ready
						from pg_subscription_rel where srsubid = (select oid from pg_subscription where subname = 'orders_sub')""");
				assertThat(states.get("ready")).as("orders and pgrepl's heartbeat table").isEqualTo(2L);
				states.forEach((state, count) -> assertThat(
						scrape.value("pgrepl_subscription_tables", sub, "state=\"" + state + "\""))
					.as(state)
					.isEqualTo(((Number) count).doubleValue()));
				assertThat(scrape.value("pgrepl_subscription_worker_running", sub))
					.isEqualTo(subscriberDb.queryForObject("select count(*) from pg_stat_subscription "
							+ "where subname = 'orders_sub' and relid is null and pid is not null", Double.class))
					.isOne();
				assertThat(scrape.value("pgrepl_subscription_enabled", sub)).isEqualTo(subscriberDb.queryForObject(
						"select subenabled::int from pg_subscription where subname = 'orders_sub'", Double.class));
				assertThat(scrape.value("pgrepl_subscription_heartbeat_lag_seconds", sub))
					.as("the age of the heartbeat applied on the subscriber, written every second")
					.isCloseTo(subscriberDb.queryForObject("select extract(epoch from clock_timestamp() - written_at) "
							+ "from pgrepl.heartbeat where publication = 'orders_pub'", Double.class), within(1.5))
					.isBetween(0.0, 5.0);
				assertThat(scrape.value("pgrepl_subscription_unconfirmed_wal_bytes", sub)).isEqualTo(
						publisherDb.queryForObject("select greatest(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn), 0) "
								+ "from pg_replication_slots where slot_name = 'orders_sub'", Double.class));
				assertThat(scrape.value("pgrepl_subscription_lag_seconds", sub)).as("caught up").isZero();
				assertCounters(scrape, subscriberDb, sub);
			});
			await(() -> {
				Scrape scrape = scrape(publisherApp);
				String slot = "slot=\"orders_sub\"";
				assertThat(scrape.value("pgrepl_slot_active", slot)).isEqualTo(1);
				assertThat(scrape.value("pgrepl_slot_wal_status", slot, "wal_status=\"reserved\"")).isEqualTo(1);
				assertThat(scrape.value("pgrepl_slot_wal_status", slot, "wal_status=\"lost\"")).isZero();
				assertThat(scrape.value("pgrepl_slot_retained_wal_bytes", slot)).isEqualTo(publisherDb.queryForObject(
						"select pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) from pg_replication_slots "
								+ "where slot_name = 'orders_sub'", Double.class));
				assertThat(scrape.value("pgrepl_slot_unconfirmed_wal_bytes", slot)).isEqualTo(publisherDb.queryForObject(
						"select greatest(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn), 0) "
								+ "from pg_replication_slots where slot_name = 'orders_sub'", Double.class));
				assertThat(scrape.value("pgrepl_slot_active", slot)).isEqualTo(publisherDb.queryForObject(
						"select active::int from pg_replication_slots where slot_name = 'orders_sub'", Double.class));
				assertThat(scrape.value("pgrepl_publisher_slots_used")).isEqualTo(
						publisherDb.queryForObject("select count(*) from pg_replication_slots", Double.class));
				assertThat(scrape.value("pgrepl_publisher_slots_max")).isEqualTo(
						publisherDb.queryForObject("select current_setting('max_replication_slots')::float8", Double.class));
				assertThat(scrape.value("pgrepl_publisher_walsenders_used")).isEqualTo(
						publisherDb.queryForObject("select count(*) from pg_stat_replication", Double.class));
				assertThat(scrape.value("pgrepl_publisher_walsenders_max")).isEqualTo(
						publisherDb.queryForObject("select current_setting('max_wal_senders')::float8", Double.class));
			});
			for (ConfigurableApplicationContext app : List.of(publisherApp, subscriberApp)) {
				ReconcileRun run = app.getBean(Replication.class).lastApply().orElseThrow();
				Scrape scrape = scrape(app);
				assertThat(run.statements()).isPositive();
				assertThat(scrape.value("pgrepl_reconcile_statements")).isEqualTo(run.statements());
				assertThat(scrape.value("pgrepl_reconcile_duration_seconds"))
					.isCloseTo(run.duration().toNanos() / 1e9, within(1e-6));
				assertThat(scrape.text()).doesNotContain(role.password()).doesNotContain("Pass");
			}
		}
	}

	private void assertCounters(Scrape scrape, JdbcTemplate subscriberDb, String sub) {
		int version = this.subscriber.server().majorVersion();
		if (version < 15) {
			assertThat(scrape.value("pgrepl_subscription_errors_total", sub, "type=\"apply\"")).as("no counters on 14")
				.isNaN();
			return;
		}
		Map<String, Object> stats = subscriberDb.queryForMap("select apply_error_count, sync_error_count "
				+ "from pg_stat_subscription_stats where subname = 'orders_sub'");
		assertThat(scrape.value("pgrepl_subscription_errors_total", sub, "type=\"apply\""))
			.isEqualTo(((Number) stats.get("apply_error_count")).doubleValue());
		assertThat(scrape.value("pgrepl_subscription_errors_total", sub, "type=\"sync\""))
			.isEqualTo(((Number) stats.get("sync_error_count")).doubleValue());
		double conflicts = scrape.value("pgrepl_subscription_conflicts_total", sub, "type=\"update_missing\"");
		if (version >= 18) {
			assertThat(conflicts).isEqualTo(subscriberDb.queryForObject(
					"select confl_update_missing from pg_stat_subscription_stats where subname = 'orders_sub'",
					Double.class));
		}
		else {
			assertThat(conflicts).as("conflicts are counted from 18 on").isNaN();
		}
	}

	private Map<String, Object> subscriberProperties() {
		Map<String, Object> properties = new LinkedHashMap<>(
				TestApplications.ordersSubscription(this.publisher, role.name()));
		properties.put("replication.subscriptions.orders_sub.publisher.password", role.password());
		properties.put("replication.subscriptions.orders_sub.create-tables", "true");
		return properties;
	}


	private Scrape scrape(ConfigurableApplicationContext app) throws IOException, InterruptedException {
		String port = app.getEnvironment().getProperty("local.server.port");
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return new Scrape(response.body());
	}

	private static void await(org.awaitility.core.ThrowingRunnable assertion) {
		Awaitility.await()
			.atMost(TestDatabase.REPLICATION_DEADLINE)
			.pollInterval(Duration.ofMillis(300))
			.untilAsserted(assertion);
	}

	/** The samples of a Prometheus text scrape. */
	record Scrape(String text) {

		private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$",
				Pattern.MULTILINE);

		/** The value of the one sample of this name whose labels include these. */
		double value(String name, String... labels) {
			Map<String, Double> matching = new TreeMap<>();
			Matcher matcher = SAMPLE.matcher(this.text);
			while (matcher.find()) {
				String sampleLabels = (matcher.group(3) != null) ? matcher.group(3) : "";
				if (matcher.group(1).equals(name) && List.of(sampleLabels.split(",")).containsAll(List.of(labels))) {
					matching.put(sampleLabels, Double.valueOf(matcher.group(4)));
				}
			}
			assertThat(matching).as(name + " " + List.of(labels) + " in\n" + this.text).hasSize(1);
			return matching.values().iterator().next();
		}

	}

}
