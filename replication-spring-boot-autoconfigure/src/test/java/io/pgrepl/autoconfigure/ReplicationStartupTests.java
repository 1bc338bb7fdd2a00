package io.pgrepl.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import io.pgrepl.core.plan.PendingChangesException;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whole applications, configured only by YAML and properties, against the two test servers. */
@ExtendWith(OutputCaptureExtension.class)
class ReplicationStartupTests extends ReplicationIntegrationTests {

	/** A statement pgrepl ran: {@code PgSession} logs each at INFO. */
	static final Pattern DDL = Pattern.compile("pgrepl \\[(publisher|subscriber|database)\\]: (.*)");

	@Test
	void publisherAndSubscriberAppsConfiguredByYamlReplicateRows(CapturedOutput output) {
		createTables();
		this.publisher.execute("insert into orders values (1, 'copied')", "insert into customers values (1, 'ada')");

		startYamlApps().forEach(ConfigurableApplicationContext::close);

		this.subscriber.awaitRowCount("orders", 1);
		this.subscriber.awaitRowCount("customers", 1);
		this.publisher.execute("insert into orders values (2, 'streamed')");
		this.subscriber.awaitRowCount("orders", 2);
		assertThat(statements(output.getOut())).hasSize(5)
			.anySatisfy((sql) -> assertThat(sql).startsWith("CREATE PUBLICATION \"orders_pub\" FOR TABLE"))
			.anySatisfy((sql) -> assertThat(sql).startsWith("CREATE TABLE \"public\".\"orders\""))
			.anySatisfy((sql) -> assertThat(sql).startsWith("CREATE SUBSCRIPTION \"orders_sub\""));
		assertThat(this.subscriber.queryForObject("select substream::text from pg_subscription where subname = 'orders_sub'"))
			.isIn("f", "false");
	}

	@Test
	void restartWithUnchangedConfigIssuesNoDdl(CapturedOutput output) {
		createTables();
		startYamlApps().forEach(ConfigurableApplicationContext::close);
		String catalogBefore = catalogVersions();
		int logged = output.getOut().length();

		startYamlApps().forEach(ConfigurableApplicationContext::close);

		assertThat(statements(output.getOut().substring(logged))).isEmpty();
		assertThat(catalogVersions()).isEqualTo(catalogBefore);
	}

	@Test
	void subscriberTablesExistBeforeJdbcUsersStart() {
		this.publisher.execute("create table orders (id int primary key, item text)", "insert into orders values (1, 'a')");
		this.publisher.execute("create publication orders_pub for table orders");

		try (ConfigurableApplicationContext context = TestApplications.start(this.subscriber,
				subscriberProperties(Map.of()), OrdersCounter.class)) {
			assertThat(context.getBean(OrdersCounter.class).countAtStartup).isNotNegative();
		}
	}

	@Test
	void aTableAddedToTheYamlIsPublishedCreatedAndRefreshed(CapturedOutput output) {
		createTables();
		this.publisher.execute("create table products (id int primary key, name text)",
				"insert into products values (1, 'pen')");
		startYamlApps().forEach(ConfigurableApplicationContext::close);
		int logged = output.getOut().length();

		startYamlApp("publisher", Map.of("replication.publications.orders_pub.tables", "orders,customers,products"))
			.close();
		startYamlApp("subscriber", Map.of()).close();

		assertThat(statements(output.getOut().substring(logged))).containsExactly(
				"ALTER PUBLICATION \"orders_pub\" ADD TABLE \"public\".\"products\"", "CREATE SCHEMA IF NOT EXISTS \"public\"",
				"CREATE TABLE \"public\".\"products\" (\"id\" integer NOT NULL, \"name\" text, "
						+ "CONSTRAINT products_pkey PRIMARY KEY (id))",
				"ALTER SUBSCRIPTION \"orders_sub\" REFRESH PUBLICATION WITH (copy_data = true)");
		this.subscriber.awaitRowCount("products", 1);
	}

	@Test
	void tablesLeaveAPublicationOnlyWithPrune() {
		createTables();
		this.publisher.execute("create table extra (id int primary key)", "create publication orders_pub for table orders, extra");

		TestApplications.start(this.publisher, Map.of("replication.publications.orders_pub.tables", "orders")).close();
		assertThat(publishedTables()).containsExactly("extra", "orders");

		TestApplications.start(this.publisher, Map.of("replication.publications.orders_pub.tables", "orders",
				"replication.publications.orders_pub.prune", "true")).close();
		assertThat(publishedTables()).containsExactly("orders");
	}

	@Test
	void anOptionPostgresCannotAlterIsReportedAndStartupGoesOn(CapturedOutput output) {
		createTables();
		this.publisher.execute("create publication orders_pub for table orders");

		TestApplications.start(this.publisher, Map.of("replication.publications.orders_pub.all-tables", "true")).close();

		assertThat(output.getOut()).containsPattern("WARN .*publication 'orders_pub' is for a list of tables but "
				+ "replication.publications.orders_pub.all-tables is true");
		assertThat(this.publisher.queryForObject("select puballtables from pg_publication")).isEqualTo(false);
	}

	@Test
	void enabledFollowsTheConfiguration() {
		createTables();
		startYamlApps().forEach(ConfigurableApplicationContext::close);

		TestApplications.start(this.subscriber, subscriberProperties(Map.of("replication.subscriptions.orders_sub.enabled", "false")))
			.close();
		assertThat(this.subscriber.queryForObject("select subenabled from pg_subscription")).isEqualTo(false);

		TestApplications.start(this.subscriber, subscriberProperties(Map.of())).close();
		assertThat(this.subscriber.queryForObject("select subenabled from pg_subscription")).isEqualTo(true);
	}

	@Test
	void planModeLogsTheStatementsAndChangesNothing(CapturedOutput output) {
		createTables();

		TestApplications.start(this.publisher, Map.of("replication.mode", "plan",
				"replication.publications.orders_pub.tables", "orders")).close();

		assertThat(output.getOut()).contains("pgrepl plan: would create publication 'orders_pub': CREATE PUBLICATION");
		assertThat(statements(output.getOut())).isEmpty();
		assertThat(this.publisher.queryForLong("select count(*) from pg_publication")).isZero();
	}

	@Test
	void validateModeFailsStartupListingTheDifferences(CapturedOutput output) {
		createTables();
		Map<String, Object> properties = Map.of("replication.mode", "validate",
				"replication.publications.orders_pub.tables", "orders");

		assertThatThrownBy(() -> TestApplications.start(this.publisher, properties))
			.hasRootCauseInstanceOf(PendingChangesException.class);
		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("replication.mode is validate and the database differs")
			.contains("create publication 'orders_pub'");

		TestApplications.start(this.publisher, Map.of("replication.publications.orders_pub.tables", "orders")).close();
		TestApplications.start(this.publisher, properties).close();
	}

	@Test
	void disabledReplicationLeavesTheDatabaseAlone() {
		createTables();

		TestApplications.start(this.publisher, Map.of("replication.enabled", "false",
				"replication.publications.orders_pub.tables", "orders")).close();

		assertThat(this.publisher.queryForLong("select count(*) from pg_publication")).isZero();
	}

	@Test
	void aDataSourceOtherThanThePrimaryIsManagedByName() {
		createTables();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("test.replica.url", this.publisher.jdbcUrl());
		properties.put("replication.datasource", "replicationDataSource");
		properties.put("replication.publications.orders_pub.tables", "orders");

		TestApplications.start(this.subscriber, properties, TwoDataSources.class).close();

		assertThat(this.publisher.queryForLong("select count(*) from pg_publication")).isEqualTo(1);
		assertThat(this.subscriber.queryForLong("select count(*) from pg_publication")).isZero();
	}

	private List<ConfigurableApplicationContext> startYamlApps() {
		ConfigurableApplicationContext publisherApp = startYamlApp("publisher", Map.of());
		return List.of(publisherApp, startYamlApp("subscriber", Map.of()));
	}

	/** The application of {@code application-<profile>.yml}, with overrides as command-line arguments. */
	private ConfigurableApplicationContext startYamlApp(String profile, Map<String, Object> overrides) {
		String[] arguments = overrides.entrySet().stream().map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		return TestApplications.builder()
			.profiles(profile)
			.properties(TestApplications.properties(this.publisher, this.subscriber))
			.run(arguments);
	}

	private Map<String, Object> subscriberProperties(Map<String, Object> overrides) {
		Map<String, Object> properties = TestApplications.ordersSubscription(this.publisher, "postgres");
		properties.put("replication.subscriptions.orders_sub.create-tables", "true");
		properties.putAll(overrides);
		return properties;
	}

	private void createTables() {
		this.publisher.execute("create table orders (id int primary key, item text)",
				"create table customers (id int primary key, name text)");
	}

	private List<Object> publishedTables() {
		return this.publisher
			.queryForList("select c.relname from pg_publication_rel r join pg_class c on c.oid = r.prrelid order by 1")
			.stream()
			.map((row) -> row.get("relname"))
			.toList();
	}

	/** xmin of every pgrepl object: any ALTER or re-CREATE changes it. */
	private String catalogVersions() {
		return this.publisher.queryForList("select pubname, xmin::text from pg_publication order by 1") + " "
				+ this.subscriber.queryForList("select subname, xmin::text from pg_subscription order by 1") + " "
				+ this.subscriber.queryForList("select count(*) from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace");
	}

	/** The statements pgrepl ran, from the log. */
	static List<String> statements(String log) {
		Matcher matcher = DDL.matcher(log);
		List<String> statements = new java.util.ArrayList<>();
		while (matcher.find()) {
			statements.add(matcher.group(2));
		}
		return statements;
	}

	/** A JDBC user that reads a replicated table as soon as it is created. */
	@Component
	static class OrdersCounter {

		final long countAtStartup;

		OrdersCounter(JdbcTemplate jdbcTemplate) {
			this.countAtStartup = jdbcTemplate.queryForObject("select count(*) from orders", Long.class);
		}

	}

	/** A primary DataSource and a second one, for the publisher, that pgrepl manages. */
	@Configuration(proxyBeanMethods = false)
	static class TwoDataSources {

		@Bean
		@Primary
		DataSource dataSource(org.springframework.core.env.Environment environment) {
			return DataSourceBuilder.create().url(environment.getProperty("spring.datasource.url")).username("postgres").build();
		}

		@Bean
		DataSource replicationDataSource(org.springframework.core.env.Environment environment) {
			return DataSourceBuilder.create().url(environment.getProperty("test.replica.url")).username("postgres").build();
		}

	}

}
