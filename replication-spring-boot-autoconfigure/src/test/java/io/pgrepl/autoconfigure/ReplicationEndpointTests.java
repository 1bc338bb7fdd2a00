package io.pgrepl.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.pgrepl.test.ReplicationIntegrationTests;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/replication} over real HTTP: the report, one object, every write operation with
 * health after it, and no password or connection string in anything it returns nor in the log of
 * any operation (a reconcile that creates the subscription included).
 */
@ExtendWith(OutputCaptureExtension.class)
class ReplicationEndpointTests extends ReplicationIntegrationTests {

	@RegisterExtension
	static final PublisherRole role = new PublisherRole("endpoint_rep", "Endpoint'Pass\\word42");

	private static final Map<String, Object> WEB = Map.of("server.port", "0",
			"management.endpoints.web.exposure.include", "health,replication");

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<String> bodies = new ArrayList<>();

	@Test
	void theEndpointReportsActsAndNeverShowsAPasswordOrConnectionString(CapturedOutput output) throws Exception {
		this.publisher.execute("create table orders (id int primary key, item text)",
				"insert into orders values (1, 'a')", "grant select on orders to " + role.name());
		try (ConfigurableApplicationContext publisherApp = TestApplications.startWeb(this.publisher, WEB,
				Map.of("replication.publications.orders_pub.tables", "orders"));
				ConfigurableApplicationContext subscriberApp = TestApplications.startWeb(this.subscriber, WEB, subscriberProperties())) {
			this.subscriber.awaitRowCount("orders", 1);
			TestDatabase.await(() -> "READY".equals(
					get(subscriberApp, "").read("$.subscriptionHealth[0].tables.all[0].state", String.class)),
					"the table to be ready in the report");

			int logged = output.getAll().length();
			DocumentContext report = get(subscriberApp, "");
			assertThat(output.getAll().substring(logged)).as("reading the report logs no plan").doesNotContain("pgrepl plan");
			assertThat(report.read("$.subscriptions[0].name", String.class)).isEqualTo("orders_sub");
			assertThat(report.read("$.subscriptions[0].publications", List.class)).containsExactly("orders_pub");
			assertThat(report.read("$.drift", List.class)).as("in sync").isEmpty();
			assertThat(report.read("$.lastReconcile.statements", Integer.class)).isPositive();
			assertThat(report.read("$.lastReconcile.actions[*].statements[*].sql", List.class).toString())
				.contains("CREATE SUBSCRIPTION").contains("CONNECTION '(hidden)'");
			assertThat(report.read("$.subscriptionHealth[0].tables.all[0].table", String.class)).isEqualTo("orders");
			assertThat(report.read("$.subscriptionHealth[0].slot.name", String.class)).isEqualTo("orders_sub");
			assertThat(report.read("$.subscriptionHealth[0].issues", List.class)).isEmpty();

			DocumentContext one = get(subscriberApp, "/orders_sub");
			assertThat(one.read("$.name", String.class)).isEqualTo("orders_sub");
			assertThat(status(subscriberApp, "GET", "/nope", null)).isEqualTo(404);
			DocumentContext publication = get(publisherApp, "/orders_pub");
			assertThat(publication.read("$.publication.tables", List.class)).containsExactly("public.orders");
			assertThat(publication.read("$.publisher.slots[0].name", String.class)).isEqualTo("orders_sub");
			assertThat(publication.read("$.publisher.capacity.maxWalSenders", Integer.class)).isPositive();

			DocumentContext disabled = post(subscriberApp, "/orders_sub", "{\"action\":\"disable\"}", 200);
			assertThat(disabled.read("$.done", Boolean.class)).isTrue();
			assertThat(disabled.read("$.health.subscriptions[0].enabled", Boolean.class)).isFalse();
			assertThat(disabled.read("$.health.subscriptions[0].issues[0]", String.class)).contains("is disabled");
			DocumentContext enabled = post(subscriberApp, "/orders_sub", "{\"action\":\"enable\"}", 200);
			assertThat(enabled.read("$.health.subscriptions[0].enabled", Boolean.class)).isTrue();
			DocumentContext refreshed = post(subscriberApp, "/orders_sub",
					"{\"action\":\"refresh\",\"copyData\":false}", 200);
			assertThat(refreshed.read("$.message", String.class)).contains("REFRESH PUBLICATION WITH (copy_data = false)");
			skip(subscriberApp);

			migrate(subscriberApp);

			DocumentContext reconciled = post(subscriberApp, "", "{\"action\":\"reconcile\"}", 200);
			assertThat(reconciled.read("$.done", Boolean.class)).isTrue();
			assertThat(reconciled.read("$.message", String.class)).isEqualTo("the catalog already matched; nothing ran");
			assertThat(reconciled.read("$.health.subscriptions[0].name", String.class)).isEqualTo("orders_sub");
			recreate(subscriberApp, output);
			post(subscriberApp, "/orders_sub", "{\"action\":\"drop\"}", 400);
			post(subscriberApp, "/nope", "{\"action\":\"enable\"}", 404);
		}
		assertThat(this.bodies).isNotEmpty().allSatisfy((body) -> assertThat(body).doesNotContain(role.password())
			.doesNotContain("Pass")
			.doesNotContainIgnoringCase("password=")
			.doesNotContain("host="));
		assertThat(output.getAll()).as("the log of every operation above")
			.contains("CREATE SUBSCRIPTION")
			.doesNotContain(role.password())
			.doesNotContain("Pass\\word");
	}

	/**
	 * A reconcile that runs {@code CREATE SUBSCRIPTION}, the one statement that carries the
	 * publisher's password: the subscription dropped behind the application (its rows too, as the
	 * new subscription copies them again).
	 */
	private void recreate(ConfigurableApplicationContext app, CapturedOutput output) throws Exception {
		this.subscriber.execute("drop subscription orders_sub", "truncate orders");
		int logged = output.getAll().length();
		DocumentContext reconciled = post(app, "", "{\"action\":\"reconcile\"}", 200);
		assertThat(reconciled.read("$.done", Boolean.class)).isTrue();
		assertThat(reconciled.read("$.statements[*].statements[*].sql", List.class).toString())
			.contains("CREATE SUBSCRIPTION")
			.contains("CONNECTION '(hidden)'");
		assertThat(output.getAll().substring(logged)).contains("CREATE SUBSCRIPTION").contains("********");
		this.subscriber.awaitRowCount("orders", 1);
	}

	private void migrate(ConfigurableApplicationContext app) throws Exception {
		DocumentContext sequences = post(app, "/orders_sub", "{\"action\":\"sync-sequences\",\"margin\":10}", 200);
		assertThat(sequences.read("$.done", Boolean.class)).isTrue();
		assertThat(sequences.read("$.report.subscription", String.class)).isEqualTo("orders_sub");
		assertThat(sequences.read("$.report.safetyMargin", Long.class)).isEqualTo(10L);

		this.subscriber.execute("update orders set item = 'changed behind replication' where id = 1");
		DocumentContext differs = post(app, "/orders_sub", "{\"action\":\"verify\"}", 200);
		assertThat(differs.read("$.message", String.class)).isEqualTo("differences in 1 tables");
		assertThat(String.valueOf(differs.read("$.report.tables[0]", Object.class))).contains("orders").contains("DIFFERENT");
		this.subscriber.execute("update orders set item = 'a' where id = 1");
		DocumentContext equal = post(app, "/orders_sub", "{\"action\":\"verify\"}", 200);
		assertThat(equal.read("$.message", String.class)).isEqualTo("every table is equal");

		DocumentContext noRoles = post(app, "/orders_sub", "{\"action\":\"switchover\"}", 400);
		assertThat(noRoles.read("$.message", String.class)).contains("switchover needs roles");
		DocumentContext unknownRole = post(app, "/orders_sub",
				"{\"action\":\"switchover\",\"roles\":\"nobody_here\",\"dryRun\":true}", 500);
		assertThat(unknownRole.read("$.done", Boolean.class)).isFalse();
		assertThat(unknownRole.read("$.message", String.class)).contains("nobody_here").contains("do not exist");
		DocumentContext dryRun = post(app, "/orders_sub",
				"{\"action\":\"switchover\",\"roles\":\"" + role.name() + "\",\"dryRun\":true}", 200);
		assertThat(dryRun.read("$.report.dryRun", Boolean.class)).isTrue();
		assertThat(dryRun.read("$.report.steps[*].step", List.class)).contains("STOP_WRITES");
		assertThat(this.subscriber.queryForLong("select count(*) from pg_subscription where subname = 'orders_sub'"))
			.as("a dry run leaves the subscription").isOne();
	}

	private void skip(ConfigurableApplicationContext app) throws Exception {
		if (this.subscriber.server().majorVersion() < 15) {
			DocumentContext refused = post(app, "/orders_sub", "{\"action\":\"skip\",\"lsn\":\"0/1\"}", 400);
			assertThat(refused.read("$.done", Boolean.class)).isFalse();
			assertThat(refused.read("$.message", String.class)).contains("requires PostgreSQL 15");
			return;
		}
		this.publisher.execute("create table unpublished (id int)");
		String lsn = (String) this.publisher.queryForObject("select pg_current_wal_lsn()::text");
		DocumentContext skipped = post(app, "/orders_sub", "{\"action\":\"skip\",\"lsn\":\"" + lsn + "\"}", 200);
		assertThat(skipped.read("$.message", String.class)).contains("SKIP (lsn = '" + lsn + "')");
		assertThat(this.subscriber.queryForObject("select subskiplsn::text from pg_subscription"))
			.isEqualTo(lsn);
	}

	private Map<String, Object> subscriberProperties() {
		Map<String, Object> properties = new LinkedHashMap<>(
				TestApplications.ordersSubscription(this.publisher, role.name()));
		properties.put("replication.subscriptions.orders_sub.publisher.password", role.password());
		properties.put("replication.subscriptions.orders_sub.create-tables", "true");
		return properties;
	}


	private DocumentContext get(ConfigurableApplicationContext app, String path) throws Exception {
		return JsonPath.parse(send(app, "GET", path, null, 200));
	}

	private DocumentContext post(ConfigurableApplicationContext app, String path, String json, int status)
			throws Exception {
		return JsonPath.parse(send(app, "POST", path, json, status));
	}

	private int status(ConfigurableApplicationContext app, String method, String path, String json) throws Exception {
		return response(app, method, path, json).statusCode();
	}

	private String send(ConfigurableApplicationContext app, String method, String path, String json, int status)
			throws Exception {
		HttpResponse<String> response = response(app, method, path, json);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return response.body();
	}

	private HttpResponse<String> response(ConfigurableApplicationContext app, String method, String path, String json)
			throws IOException, InterruptedException {
		String port = app.getEnvironment().getProperty("local.server.port");
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + port + "/actuator/replication" + path));
		if (json != null) {
			request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		this.bodies.add(response.body());
		return response;
	}

}
