package io.pgrepl.autoconfigure;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The publisher's password appears in no log line and no exception, whether startup works or not. */
@ExtendWith(OutputCaptureExtension.class)
class PasswordLeakTests extends ReplicationIntegrationTests {

	@RegisterExtension
	static final PublisherRole role = new PublisherRole("pgrepl_leak", "Leak-Pw-7f3e9c1a");

	private static final String ROLE = role.name();

	private static final String PASSWORD = role.password();

	private static final String SUB = "replication.subscriptions.orders_sub.";

	@Test
	void thePasswordNeverAppearsInLogsOrExceptions(CapturedOutput output) {
		this.publisher.execute("create table orders (id int primary key, item text)", "insert into orders values (1, 'a')",
				"grant select on orders to " + ROLE, "create publication orders_pub for table orders");
		StringBuilder exceptions = new StringBuilder();

		exceptions.append(failure(subscriber(Map.of(SUB + "publications", "no_such_pub"))));
		exceptions.append(failure(subscriber(Map.of(SUB + "publisher.password", PASSWORD + "-wrong"))));
		exceptions.append(failure(subscriber(Map.of(SUB + "publisher.connection-string",
				"host=${test.publisher.host} password='" + PASSWORD + "' 'broken", SUB + "publisher.host", ""))));
		exceptions.append(failure(subscriber(Map.of("replication.mode", "validate"))));
		TestApplications.start(this.subscriber, subscriber(Map.of("replication.mode", "plan"))).close();
		TestApplications.start(this.subscriber, subscriber(Map.of())).close();
		this.subscriber.awaitRowCount("orders", 1);
		TestApplications.start(this.subscriber, subscriber(Map.of(SUB + "publisher.options.application_name", "moved")))
			.close();
		exceptions.append(failure(subscriber(Map.of(SUB + "publications", "orders_pub,no_such_pub"))));

		assertThat(output.getOut()).contains("CREATE SUBSCRIPTION", "ALTER SUBSCRIPTION \"orders_sub\" CONNECTION",
				"pgrepl plan: would create subscription", "APPLICATION FAILED TO START", "********");
		assertThat(exceptions).contains("no_such_pub", "password authentication failed", "differs from the declared");
		assertThat(output.getAll()).doesNotContain(PASSWORD);
		assertThat(exceptions).doesNotContain(PASSWORD);
		this.publisher.execute("insert into orders values (2, 'b')");
		this.subscriber.awaitRowCount("orders", 2);
	}

	@Test
	void thePasswordIsNotLeftInPgStatActivityOfTheApplicationsConnections() {
		this.publisher.execute("create table orders (id int primary key, item text)", "grant select on orders to " + ROLE,
				"create publication orders_pub for table orders");
		try (ConfigurableApplicationContext app = TestApplications.start(this.subscriber, subscriber(Map.of()))) {
			assertThat(activity()).as("after CREATE SUBSCRIPTION").isNotEmpty().noneMatch((query) -> query.contains(PASSWORD));
		}
		try (ConfigurableApplicationContext app = TestApplications.start(this.subscriber,
				subscriber(Map.of(SUB + "publisher.options.application_name", "moved")))) {
			assertThat(activity()).as("after ALTER SUBSCRIPTION ... CONNECTION")
				.isNotEmpty()
				.noneMatch((query) -> query.contains(PASSWORD));
		}
	}

	@Test
	void configpropsAndEnvMaskThePasswordEvenWhenValuesAreShown() throws Exception {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", this.subscriber.jdbcUrl());
		properties.put("spring.datasource.username", "postgres");
		properties.put("server.port", "0");
		properties.put("management.endpoints.web.exposure.include", "configprops,env");
		properties.put("management.endpoint.configprops.show-values", "always");
		properties.put("management.endpoint.env.show-values", "always");
		properties.put("replication.mode", "none");
		properties.putAll(subscriber(Map.of()));
		properties.put("replication.subscriptions.other_sub.publisher.connection-string",
				"host=elsewhere dbname=app user=u password=" + PASSWORD);
		properties.put("replication.subscriptions.other_sub.publications", "orders_pub");
		try (ConfigurableApplicationContext app = TestApplications.builder()
			.web(WebApplicationType.SERVLET)
			.properties(properties)
			.run()) {
			String port = app.getEnvironment().getProperty("local.server.port");
			HttpClient http = HttpClient.newHttpClient();
			for (String endpoint : new String[] { "configprops", "env" }) {
				String body = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/" + endpoint))
					.build(), HttpResponse.BodyHandlers.ofString()).body();

				assertThat(body).as(endpoint).contains(ROLE).contains("host=elsewhere").doesNotContain(PASSWORD);
			}
		}
	}

	@Test
	void withTheServersPassfileTheSubscriptionStoresNoPassword(@TempDir Path directory) throws IOException {
		this.publisher.execute("create table orders (id int primary key, item text)", "insert into orders values (1, 'a')",
				"grant select on orders to " + ROLE, "create publication orders_pub for table orders");
		// What the subscriber server's OS user would keep in ~/.pgpass: host:port:database:user:password
		Path passfile = directory.resolve("pgpass");
		Files.writeString(passfile, "*:*:*:" + ROLE + ":" + PASSWORD + "\n");
		Files.setPosixFilePermissions(passfile, PosixFilePermissions.fromString("rw-------"));

		try (ConfigurableApplicationContext app = TestApplications.start(this.subscriber,
				subscriber(Map.of(SUB + "publisher.password-from-server-passfile", "true",
						SUB + "publisher.options.passfile", passfile.toString())))) {
			this.subscriber.awaitRowCount("orders", 1);
		}

		assertThat(String.valueOf(this.subscriber.queryForObject("select subconninfo from pg_subscription")))
			.contains("passfile")
			.doesNotContain("password")
			.doesNotContain(PASSWORD);
	}

	/** The last statement of every other connection to the subscriber database, as a superuser sees it. */
	private List<String> activity() {
		return this.subscriber
			.queryForList("select query from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()")
			.stream()
			.map((row) -> String.valueOf(row.get("query")))
			.toList();
	}

	private Map<String, Object> subscriber(Map<String, Object> overrides) {
		Map<String, Object> properties = new LinkedHashMap<>(TestApplications.properties(this.publisher, this.subscriber));
		properties.putAll(TestApplications.ordersSubscription(this.publisher, ROLE));
		properties.put(SUB + "publisher.password", PASSWORD);
		properties.put(SUB + "create-tables", "true");
		properties.putAll(overrides);
		return properties;
	}

	/** Every message, toString and stack trace of a failed startup's exception chain. */
	private String failure(Map<String, Object> properties) {
		Throwable failure = catchThrowable(() -> TestApplications.start(this.subscriber, properties).close());
		assertThat(failure).isNotNull();
		StringWriter text = new StringWriter();
		failure.printStackTrace(new PrintWriter(text));
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			text.append(cause.getMessage()).append('\n').append(cause.toString()).append('\n');
		}
		return text.toString();
	}

}
