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

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.pgrepl.test.PostgresServer;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.ReplicationIntegrationTests;
import io.pgrepl.test.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole web applications, a publisher and a subscriber configured only by YAML
 * ({@code application-publisher.yml}, {@code application-subscriber.yml}) or properties, read over
 * real HTTP at {@code /actuator/health}.
 */
class ReplicationHealthEndpointTests extends ReplicationIntegrationTests {

	@RegisterExtension
	static final PublisherRole role = new PublisherRole("health_rep", "Health'Pass\\word42");

	/** A web application on a random port that shows health details. */
	private static final Map<String, Object> WEB = Map.of("server.port", "0",
			"management.endpoint.health.show-details", "always");

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void healthShowsBothSidesUpWithEveryTableReadyAsTheContractSays() throws Exception {
		this.publisher.execute("create table orders (id int primary key, item text)",
				"create table customers (id int primary key, name text)", "insert into orders values (1, 'a')",
				"insert into customers values (1, 'ada')");
		try (ConfigurableApplicationContext publisherApp = startYamlWeb("publisher");
				ConfigurableApplicationContext subscriberApp = startYamlWeb("subscriber")) {
			this.subscriber.awaitRowCount("orders", 1);
			this.publisher.execute("insert into orders values (2, 'b')");
			this.subscriber.awaitRowCount("orders", 2);

			DocumentContext subscriberHealth = awaitHealth(subscriberApp, "UP", (json) -> readyTables(json) == 2);
			String sub = "$.components.replication.components.subscriptions.components.orders_sub";
			assertThat(subscriberHealth.read("$.components.replication.status", String.class)).isEqualTo("UP");
			assertThat(subscriberHealth.read(sub + ".status", String.class)).isEqualTo("UP");
			Map<String, Object> details = subscriberHealth.read(sub + ".details");
			assertThat(details).containsOnlyKeys("enabled", "workerRunning", "tables", "lagBytes", "lagSeconds",
					"heartbeatLagSeconds", "applyErrors", "syncErrors", "issues", "warnings");
			assertThat(details.get("heartbeatLagSeconds")).as("no heartbeat written").isNull();
			assertThat(details).containsEntry("enabled", true).containsEntry("workerRunning", true);
			assertThat(subscriberHealth.read(sub + ".details.tables", Map.class)).isEqualTo(
					Map.of("init", 0, "copying", 0, "finishedCopy", 0, "synchronized", 0, "ready", 2));
			assertThat(subscriberHealth.read(sub + ".details.issues", List.class)).isEmpty();
			assertThat(subscriberHealth.read(sub + ".details.lagBytes", Number.class)).isNotNull();

			DocumentContext publisherHealth = awaitHealth(publisherApp, "UP", (json) -> true);
			String pub = "$.components.replication.components.publisher";
			assertThat(publisherHealth.read(pub + ".status", String.class)).isEqualTo("UP");
			assertThat(publisherHealth.read(pub + ".details", Map.class)).containsOnlyKeys("walLevel", "publications",
					"slots", "issues", "warnings");
			assertThat(publisherHealth.read(pub + ".details.walLevel", String.class)).isEqualTo("logical");
			assertThat(publisherHealth.read(pub + ".details.publications.orders_pub", Map.class))
				.isEqualTo(Map.of("tables", List.of("public.customers", "public.orders"), "exists", true));
			List<Map<String, Object>> slots = publisherHealth.read(pub + ".details.slots");
			assertThat(slots).singleElement().satisfies((slot) -> {
				assertThat(slot).containsOnlyKeys("name", "active", "walStatus", "retainedBytes", "lagBytes", "writeLag",
						"flushLag", "replayLag");
				assertThat(slot).containsEntry("name", "orders_sub").containsEntry("active", true);
			});
		}
	}

	@Test
	void theSubscriptionGoesDownWhenThePublisherStopsAndRecoversWithoutLosingRows() throws Exception {
		PostgresServer server = PostgresServers.startDedicated("health-outage", Map.of());
		try (TestDatabase publisher = server.createDatabase()) {
			publisher.execute("create table orders (id int primary key)", "insert into orders values (1)");
			publisher.execute("create publication orders_pub for table orders");
			try (ConfigurableApplicationContext subscriberApp = TestApplications.startWeb(this.subscriber, WEB,
					subscriberProperties(publisher, "postgres", null))) {
				this.subscriber.awaitRowCount("orders", 1);
				awaitHealth(subscriberApp, "UP", (json) -> readyTables(json) == 1);

				server.stop();
				long stoppedAt = System.nanoTime();
				try {
					awaitHealth(subscriberApp, Duration.ofSeconds(30), "DOWN", (json) -> true);
				}
				finally {
					server.start();
				}
				assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(40));
				publisher.execute("insert into orders select generate_series(2, 50)");

				awaitHealth(subscriberApp, "UP", (json) -> readyTables(json) == 1);
				this.subscriber.awaitRowCount("orders", 50);
			}
		}
		finally {
			server.close();
		}
	}

	@Test
	void thePublisherPasswordNeverAppearsInHealthOutput() throws Exception {
		this.publisher.execute("create table orders (id int primary key)", "grant select on orders to " + role.name());
		try (ConfigurableApplicationContext publisherApp = TestApplications.startWeb(this.publisher, WEB, publisherProperties(Map.of()));
				ConfigurableApplicationContext subscriberApp = TestApplications.startWeb(this.subscriber, WEB,
						subscriberProperties(this.publisher, role.name(), role.password()))) {
			String healthy = awaitHealth(subscriberApp, "UP", (json) -> readyTables(json) == 1).jsonString();
			this.subscriber.execute("alter subscription orders_sub disable");
			String down = awaitHealth(subscriberApp, "DOWN", (json) -> true).jsonString();

			for (String body : List.of(healthy, down, get(publisherApp))) {
				assertThat(body).doesNotContain(role.password()).doesNotContain("Pass");
			}
			assertThat(down).contains("disabled");
		}
	}

	private Map<String, Object> publisherProperties(Map<String, Object> extra) {
		Map<String, Object> properties = new LinkedHashMap<>(extra);
		properties.put("replication.publications.orders_pub.all-tables", "true");
		return properties;
	}

	private static Map<String, Object> subscriberProperties(TestDatabase publisher, String username, String password) {
		Map<String, Object> properties = new LinkedHashMap<>(TestApplications.ordersSubscription(publisher, username));
		if (password != null) {
			properties.put("replication.subscriptions.orders_sub.publisher.password", password);
		}
		properties.put("replication.subscriptions.orders_sub.create-tables", "true");
		return properties;
	}

	/** The application of {@code application-<profile>.yml} (the same as ReplicationStartupTests'), as a web app. */
	private ConfigurableApplicationContext startYamlWeb(String profile) {
		Map<String, Object> properties = new LinkedHashMap<>(TestApplications.properties(this.publisher, this.subscriber));
		properties.putAll(WEB);
		return TestApplications.builder().web(WebApplicationType.SERVLET).profiles(profile).properties(properties).run();
	}


	private DocumentContext awaitHealth(ConfigurableApplicationContext app, String status, HealthCondition condition) {
		return awaitHealth(app, TestDatabase.REPLICATION_DEADLINE, status, condition);
	}

	private DocumentContext awaitHealth(ConfigurableApplicationContext app, Duration deadline, String status,
			HealthCondition condition) {
		DocumentContext[] last = new DocumentContext[1];
		Awaitility.await("replication health " + status)
			.atMost(deadline)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> {
				last[0] = JsonPath.parse(get(app));
				return status.equals(last[0].read("$.components.replication.status", String.class))
						&& condition.test(last[0]);
			});
		return last[0];
	}

	private String get(ConfigurableApplicationContext app) throws IOException, InterruptedException {
		String port = app.getEnvironment().getProperty("local.server.port");
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString()).body();
	}

	private static int readyTables(DocumentContext json) {
		return json.read("$.components.replication.components.subscriptions.components.orders_sub.details.tables.ready",
				Integer.class);
	}

	@FunctionalInterface
	private interface HealthCondition {

		boolean test(DocumentContext json);

	}

}
