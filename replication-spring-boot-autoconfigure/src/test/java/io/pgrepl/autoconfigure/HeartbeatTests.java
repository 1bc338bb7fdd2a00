package io.pgrepl.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.pgrepl.core.publication.Heartbeat;
import io.pgrepl.test.ReplicationIntegrationTests;
import io.pgrepl.test.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code replication.publications.*.heartbeat}: the publishing application writes its heartbeat
 * every interval while it runs, and the subscribing application shows the heartbeat's age in its
 * subscription's health and as a meter.
 */
@ExtendWith(OutputCaptureExtension.class)
class HeartbeatTests extends ReplicationIntegrationTests {

	private static final String WRITTEN_AT = "select written_at::text from pgrepl.heartbeat where publication = 'orders_pub'";

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void thePublishingApplicationWritesItsHeartbeatEveryIntervalUntilItsContextCloses() {
		this.publisher.execute("create table orders (id int primary key)");
		String last;
		try (ConfigurableApplicationContext publisherApp = TestApplications.start(this.publisher, publisher("1s"))) {
			TestDatabase.await(() -> this.publisher.queryForObject(WRITTEN_AT) != null, "the first heartbeat");
			String first = (String) this.publisher.queryForObject(WRITTEN_AT);
			TestDatabase.await(() -> !first.equals(this.publisher.queryForObject(WRITTEN_AT)), "a later heartbeat");
			assertThat(this.publisher.queryForObject("select write_interval::text from pgrepl.heartbeat"))
				.isEqualTo("00:00:01");
			assertThat(publisherApp.getBean(HeartbeatScheduler.class).isRunning()).isTrue();
			publisherApp.close();
			last = (String) this.publisher.queryForObject(WRITTEN_AT);
		}

		Awaitility.await("no heartbeat after the context closed")
			.during(Duration.ofMillis(2500))
			.atMost(Duration.ofSeconds(10))
			.until(() -> last.equals(this.publisher.queryForObject(WRITTEN_AT)));
	}

	@Test
	void theSubscribingApplicationShowsTheHeartbeatLagInHealthAndAsAMeter() throws Exception {
		this.publisher.execute("create table orders (id int primary key)");
		Map<String, Object> subscriber = new LinkedHashMap<>(TestApplications.ordersSubscription(this.publisher,
				"postgres"));
		subscriber.put("replication.subscriptions.orders_sub.create-tables", "true");
		Map<String, Object> web = Map.of("server.port", "0", "management.endpoint.health.show-details", "always",
				"replication.metrics.refresh", "200ms");
		try (ConfigurableApplicationContext publisherApp = TestApplications.start(this.publisher, publisher("1s"));
				ConfigurableApplicationContext subscriberApp = TestApplications.startWeb(this.subscriber, web,
						subscriber)) {
			String sub = "$.components.replication.components.subscriptions.components.orders_sub";
			DocumentContext health = awaitHealth(subscriberApp,
					(json) -> json.read(sub + ".details.heartbeatLagSeconds") != null);

			assertThat(health.read(sub + ".status", String.class)).isEqualTo("UP");
			assertThat(health.read(sub + ".details.heartbeatLagSeconds", Number.class).longValue()).isBetween(0L, 5L);
			TimeGauge lag = subscriberApp.getBean(MeterRegistry.class)
				.get("pgrepl.subscription.heartbeat.lag")
				.tag("subscription", "orders_sub")
				.timeGauge();
			Awaitility.await("the heartbeat lag meter")
				.atMost(TestDatabase.REPLICATION_DEADLINE)
				.pollInterval(Duration.ofMillis(300))
				.until(() -> !Double.isNaN(lag.value(TimeUnit.SECONDS)));
			assertThat(lag.value(TimeUnit.SECONDS)).isBetween(0.0, 5.0);
		}
	}

	@Test
	void aFailingHeartbeatIsOneWarnAndTheScheduleGoesOn(CapturedOutput output) {
		this.publisher.execute("create table orders (id int primary key)");
		Map<String, Object> properties = new LinkedHashMap<>(publisher("200ms"));
		// nothing reconciled, so pgrepl's table is missing and every heartbeat fails
		properties.put("replication.mode", "none");
		try (ConfigurableApplicationContext publisherApp = TestApplications.start(this.publisher, properties)) {
			TestDatabase.await(() -> warnings(output) == 1, "the WARN of a failed heartbeat");
			Awaitility.await("no second WARN while the next heartbeats fail")
				.during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(5))
				.until(() -> warnings(output) == 1);
			Heartbeat.createTable().forEach(this.publisher::execute);

			TestDatabase.await(() -> this.publisher.queryForObject(WRITTEN_AT) != null, "a heartbeat once the table exists");
			TestDatabase.await(() -> output.getOut().contains("pgrepl: heartbeat written again after"),
					"the INFO that heartbeats are written again");
			Matcher again = Pattern.compile("heartbeat written again after (\\d+) failed attempts").matcher(output.getOut());
			assertThat(again.find()).isTrue();
			assertThat(Integer.parseInt(again.group(1))).as("failed attempts, each an interval apart").isGreaterThan(3);
			assertThat(warnings(output)).as("one WARN while the writes keep failing").isOne();
			assertThat(output.getOut()).contains("relation \"pgrepl.heartbeat\" does not exist");
		}
	}

	private static long warnings(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.contains("pgrepl: could not write the heartbeat")).count();
	}

	private static Map<String, Object> publisher(String heartbeat) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("replication.publications.orders_pub.tables", "orders");
		properties.put("replication.publications.orders_pub.heartbeat", heartbeat);
		return properties;
	}

	private DocumentContext awaitHealth(ConfigurableApplicationContext app,
			Predicate<DocumentContext> until) {
		String port = app.getEnvironment().getProperty("local.server.port");
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build();
		DocumentContext[] last = new DocumentContext[1];
		TestDatabase.await(() -> {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			last[0] = JsonPath.parse(response.body());
			return until.test(last[0]);
		}, "health of " + List.of(port));
		return last[0];
	}

}
