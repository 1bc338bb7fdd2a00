package io.pgrepl.samples.quickstart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo as the README starts it: its main class with its own {@code application.yml} and
 * embedded servers. Only the HTTP ports differ ({@code --server.port=0}), so that a CI machine
 * needs no free 8080 and 8081. The README promises replication health UP within 60 s of the
 * command; here the clock starts with the main method.
 */
class QuickstartApplicationTests {

	private static final Logger logger = LoggerFactory.getLogger(QuickstartApplicationTests.class);

	private static final Pattern METER = Pattern.compile("pgrepl_[a-z_]+");

	private static final Duration PROMISED_STARTUP = Duration.ofSeconds(60);

	private static final String SUBSCRIPTION = "$.components.replication.components.subscriptions.components.shop_sub";

	private static final String PUBLISHER = "$.components.replication.components.publisher";

	private static long startedAt;

	private static Quickstart quickstart;

	@BeforeAll
	static void startTheDemo() {
		startedAt = System.nanoTime();
		quickstart = QuickstartApplication.start("--server.port=0");
	}

	@AfterAll
	static void stopTheDemo() {
		if (quickstart != null) {
			quickstart.close();
		}
	}

	@Test
	void subscriberHealthShowsReplicationUpWithBothTablesReady() {
		awaitWithinPromisedStartup(() -> {
			HealthEndpoint.Response health = HealthEndpoint.get(quickstart.healthUrl(quickstart.subscriber()));
			assertThat(health.status()).as(health.body()).isEqualTo(200);
			assertThat(health.<String>read("$.components.replication.status")).as(health.body()).isEqualTo("UP");
			assertThat(health.<String>read(SUBSCRIPTION + ".status")).isEqualTo("UP");
			assertThat(health.<Boolean>read(SUBSCRIPTION + ".details.workerRunning")).isTrue();
			assertThat(health.<Map<String, Integer>>read(SUBSCRIPTION + ".details.tables")).as(health.body())
				.containsExactlyInAnyOrderEntriesOf(
						Map.of("init", 0, "copying", 0, "finishedCopy", 0, "synchronized", 0, "ready", 2));
			assertThat(health.<List<String>>read(SUBSCRIPTION + ".details.issues")).isEmpty();
		});
		logger.info("Replication UP with both tables ready {} ms after the main method started",
				Duration.ofNanos(System.nanoTime() - startedAt).toMillis());
	}

	@Test
	void theDashboardAndAlertRulesUseOnlyMetersOfARealScrape() throws Exception {
		Set<String> referenced = new TreeSet<>();
		for (String file : List.of("pgrepl-dashboard.json", "pgrepl-alerts.yml")) {
			Matcher matcher = METER.matcher(Files.readString(Path.of("../observability", file)));
			while (matcher.find()) {
				referenced.add(matcher.group());
			}
		}
		assertThat(referenced).hasSizeGreaterThan(15);
		awaitWithinPromisedStartup(() -> {
			Set<String> scraped = new TreeSet<>();
			for (ConfigurableApplicationContext application : List.of(quickstart.publisher(), quickstart.subscriber())) {
				Matcher matcher = METER.matcher(HealthEndpoint.get(quickstart.healthUrl(application)
					.replace("/actuator/health", "/actuator/prometheus")).body());
				while (matcher.find()) {
					scraped.add(matcher.group());
				}
			}
			assertThat(scraped).containsAll(referenced);
		});
		HealthEndpoint.Response report = HealthEndpoint.get(quickstart.healthUrl(quickstart.subscriber())
			.replace("/actuator/health", "/actuator/replication"));
		assertThat(report.status()).isEqualTo(200);
		assertThat(report.<String>read("$.subscriptions[0].name")).isEqualTo("shop_sub");
	}

	@Test
	void theMetricsPageListsEveryAlertRule() throws Exception {
		Set<String> rules = matches(Pattern.compile("- alert: (\\w+)"),
				Files.readString(Path.of("../observability/pgrepl-alerts.yml")));
		Set<String> listed = matches(Pattern.compile("(?m)^\\| `(Pgrepl\\w+)` \\|"),
				Readme.load("docs/metrics.md").section("alert-rules"));
		assertThat(rules).contains("PgreplHeartbeatStale").hasSizeGreaterThan(5);
		assertThat(listed).isEqualTo(rules);
	}

	@Test
	void publisherHealthShowsThePublicationAndAnActiveSlot() {
		awaitWithinPromisedStartup(() -> {
			HealthEndpoint.Response health = HealthEndpoint.get(quickstart.healthUrl(quickstart.publisher()));
			assertThat(health.status()).as(health.body()).isEqualTo(200);
			assertThat(health.<String>read(PUBLISHER + ".status")).as(health.body()).isEqualTo("UP");
			assertThat(health.<String>read(PUBLISHER + ".details.walLevel")).isEqualTo("logical");
			assertThat(health.<Boolean>read(PUBLISHER + ".details.publications.shop_pub.exists")).isTrue();
			assertThat(health.<List<String>>read(PUBLISHER + ".details.publications.shop_pub.tables"))
				.containsExactlyInAnyOrder("public.customers", "public.orders");
			assertThat(health.<List<Boolean>>read(PUBLISHER + ".details.slots[?(@.name == 'shop_sub')].active"))
				.containsExactly(true);
		});
	}

	@Test
	void readinessGroupIncludesReplication() {
		awaitWithinPromisedStartup(() -> {
			HealthEndpoint.Response readiness = HealthEndpoint.get(quickstart.healthUrl(quickstart.subscriber()) + "/readiness");
			assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
			assertThat(readiness.<Map<String, Object>>read("$.components")).containsOnlyKeys("readinessState", "replication");
		});
	}

	@Test
	void rowsWrittenByTheDemoArriveOnTheSubscriber() {
		JdbcTemplate publisher = jdbc(quickstart.publisher());
		JdbcTemplate subscriber = jdbc(quickstart.subscriber());
		// 20 orders exist before the subscription (copied); every later one was placed by DemoTraffic.
		awaitWithinPromisedStartup(() -> assertThat(maxOrderId(publisher)).isGreaterThan(25));
		long placed = maxOrderId(publisher);
		long customerOrders = publisher.queryForObject("select orders_placed from customers where id = 1", Long.class);

		await(() -> {
			assertThat(subscriber.queryForObject("select count(*) from orders where id <= ?", Long.class, placed))
				.isEqualTo(placed);
			assertThat(subscriber.queryForObject("select orders_placed from customers where id = 1", Long.class))
				.isGreaterThanOrEqualTo(customerOrders);
		});
	}

	private static Set<String> matches(Pattern pattern, String text) {
		Set<String> found = new TreeSet<>();
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return found;
	}

	private static long maxOrderId(JdbcTemplate jdbcTemplate) {
		return jdbcTemplate.queryForObject("select coalesce(max(id), 0) from orders", Long.class);
	}

	private static JdbcTemplate jdbc(ConfigurableApplicationContext application) {
		return application.getBean(JdbcTemplate.class);
	}

	/** Polls until the assertion holds, failing with its last error once 60 s have passed since startup. */
	private static void awaitWithinPromisedStartup(ThrowingRunnable assertion) {
		Duration left = PROMISED_STARTUP.minus(Duration.ofNanos(System.nanoTime() - startedAt));
		await(assertion, left.isNegative() ? Duration.ZERO : left);
	}

	private static void await(ThrowingRunnable assertion) {
		await(assertion, Duration.ofSeconds(60));
	}

	private static void await(ThrowingRunnable assertion, Duration deadline) {
		Awaitility.await()
			.atMost(deadline.plusMillis(500))
			.pollInterval(Duration.ofMillis(250))
			.ignoreExceptions()
			.untilAsserted(assertion);
	}

}
