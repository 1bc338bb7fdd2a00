package io.pgrepl.samples.quickstart;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pgrepl.test.PostgresServer;
import io.pgrepl.test.PostgresServers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The role SQL of docs/postgresql-setup.md, run exactly as written on two servers that require
 * passwords (the test harness's), then the quickstart pointed at them as the README says,
 * connecting as those roles: it creates its tables, the publication and the subscription,
 * replicates, and reports health UP on both sides, with the replay lag the walsender measured
 * in health and in the meter: the documented grants are enough to read it.
 */
class LeastPrivilegeRolesTests {

	private static final Pattern ROLE = Pattern.compile("CREATE ROLE (\\w+) LOGIN .*PASSWORD '([^']+)'");

	private static final PostgresServer publisher = PostgresServers.publisher();

	private static final PostgresServer subscriber = PostgresServers.subscriber();

	private static final Map<String, String> passwords = new LinkedHashMap<>();

	@BeforeAll
	static void createTheDocumentedRoles() {
		Readme setup = Readme.load("docs/postgresql-setup.md");
		String publisherSql = setup.sqlBlock("roles:publisher");
		String subscriberSql = setup.sqlBlock((subscriber.majorVersion() >= 16) ? "roles:subscriber:16" : "roles:subscriber:14");
		publisher.executeAsSuperuser("postgres", "CREATE DATABASE shop");
		subscriber.executeAsSuperuser("postgres", "CREATE DATABASE analytics");
		publisher.executeAsSuperuser("shop", publisherSql);
		subscriber.executeAsSuperuser("analytics", subscriberSql);
		passwords.putAll(passwords(publisherSql + subscriberSql));
	}

	@Test
	void theQuickstartReplicatesAsTheDocumentedRolesWithHealthUp() {
		try (Quickstart quickstart = QuickstartApplication.start(arguments())) {
			JdbcTemplate analytics = quickstart.subscriber().getBean(JdbcTemplate.class);
			await(() -> assertThat(analytics.queryForObject("select count(*) from orders", Long.class)).isGreaterThan(25));
			await(() -> {
				HealthEndpoint.Response health = HealthEndpoint.get(quickstart.healthUrl(quickstart.subscriber()));
				assertThat(health.status()).as(health.body()).isEqualTo(200);
				assertThat(health.<Integer>read("$.components.replication.components.subscriptions.components.shop_sub.details.tables.ready"))
					.isEqualTo(2);
			});
			await(() -> {
				HealthEndpoint.Response health = HealthEndpoint.get(quickstart.healthUrl(quickstart.publisher()));
				assertThat(health.status()).as(health.body()).isEqualTo(200);
				assertThat(health.<List<Boolean>>read("$.components.replication.components.publisher.details.slots[*].active"))
					.containsExactly(true);
			});
			// The demo writes about three orders a second. The walsender measures a lag for a commit about once a
			// second and forgets it once the subscriber has reported everything applied twice, so a measurement is
			// there about a fifth of the time and pgrepl reads zero (caught up) the rest of it; the meters are
			// refreshed every second here (--replication.metrics.refresh) to see one. A lag above zero can only be
			// the walsender's measurement, which the replicator role reads with pg_read_all_stats.
			JdbcTemplate asReplicator = new JdbcTemplate(
					publisher.dataSource("shop", "shop_replicator", passwords.get("shop_replicator")));
			await(() -> assertThat(asReplicator.queryForList(
					"select replay_lag is not null from pg_stat_replication where application_name = 'shop_sub'",
					Boolean.class))
				.as("the replicator role sees its walsender's lag columns")
				.containsExactly(true));
			await(() -> {
				double lag = prometheus(quickstart, quickstart.subscriber()).value("pgrepl_subscription_lag_seconds", "subscription=\"shop_sub\"");
				assertThat(lag).as("the replay lag the walsender measured, read through the replicator role")
					.isGreaterThan(0)
					.isLessThan(10);
			});
			await(() -> {
				HealthEndpoint.Response health = HealthEndpoint.get(quickstart.healthUrl(quickstart.subscriber()));
				assertThat(health.<Number>read("$.components.replication.components.subscriptions.components.shop_sub.details.lagSeconds"))
					.as("lag is known to the subscribing application, read through the replicator role")
					.isNotNull()
					.satisfies((seconds) -> assertThat(seconds.longValue()).isBetween(0L, 10L));
			});
			await(() -> {
				HealthEndpoint.Response health = HealthEndpoint.get(quickstart.healthUrl(quickstart.publisher()));
				assertThat(health.<List<Object>>read("$.components.replication.components.publisher.details.slots[?(@.name == 'shop_sub')].replayLag"))
					.as("the publishing application's role reads the walsender's lag too")
					.singleElement()
					.isNotNull();
			});
			assertThat(asReplicator.queryForList("select state from pg_stat_replication where application_name = 'shop_sub'",
					String.class))
				.as("the replicator role sees its walsender's details, lag columns included")
				.containsExactly("streaming");
			assertThat(analytics.queryForObject("select subowner::regrole::text from pg_subscription", String.class))
				.isEqualTo("analytics_app");
			assertThat(analytics.queryForList("select tableowner from pg_tables where schemaname = 'public'", String.class))
				.containsExactly("analytics_app", "analytics_app");
		}
		assertThat(superusers(publisher)).doesNotContain("shop_app", "shop_replicator");
		if (subscriber.majorVersion() >= 16) {
			assertThat(superusers(subscriber)).doesNotContain("analytics_app");
		}
	}

	/**
	 * The README's way to use servers of your own: {@code quickstart.embedded=false} and the
	 * {@code quickstart.*} coordinates. Under Testcontainers the subscriber server reaches the
	 * publisher by another address than the test does: that is {@code quickstart.replicator.host}.
	 */
	private static String[] arguments() {
		return new String[] { "--server.port=0", "--replication.metrics.refresh=1s", "--quickstart.embedded=false",
				"--quickstart.publisher.host=" + publisher.host(), "--quickstart.publisher.port=" + publisher.port(),
				"--quickstart.publisher.database=shop", "--quickstart.publisher.username=shop_app",
				"--quickstart.publisher.password=" + passwords.get("shop_app"),
				"--quickstart.subscriber.host=" + subscriber.host(), "--quickstart.subscriber.port=" + subscriber.port(),
				"--quickstart.subscriber.database=analytics", "--quickstart.subscriber.username=analytics_app",
				"--quickstart.subscriber.password=" + passwords.get("analytics_app"),
				"--quickstart.replicator.host=" + publisher.peerHost(), "--quickstart.replicator.port=" + publisher.peerPort(),
				"--quickstart.replicator.username=shop_replicator",
				"--quickstart.replicator.password=" + passwords.get("shop_replicator") };
	}

	private static Map<String, String> passwords(String sql) {
		Map<String, String> passwords = new LinkedHashMap<>();
		Matcher matcher = ROLE.matcher(sql);
		while (matcher.find()) {
			passwords.put(matcher.group(1), matcher.group(2));
		}
		assertThat(passwords).containsOnlyKeys("shop_app", "shop_replicator", "analytics_app");
		return passwords;
	}

	private static Scrape prometheus(Quickstart quickstart, ConfigurableApplicationContext application) {
		HealthEndpoint.Response response = HealthEndpoint
			.get(quickstart.healthUrl(application).replace("/actuator/health", "/actuator/prometheus"));
		assertThat(response.status()).isEqualTo(200);
		return new Scrape(response.body());
	}

	private static List<String> superusers(PostgresServer server) {
		return new JdbcTemplate(server.dataSource("postgres"))
			.queryForList("select rolname from pg_roles where rolsuper", String.class);
	}

	private static void await(org.awaitility.core.ThrowingRunnable assertion) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(250))
			.ignoreExceptions()
			.untilAsserted(assertion);
	}

}
