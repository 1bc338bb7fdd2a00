package io.pgrepl.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.pgrepl.test.PostgresServer;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.ReplicationIntegrationTests;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Configurations that cannot be carried out: each fails startup with a message naming the
 * property, and leaves both databases as they were.
 */
@ExtendWith(OutputCaptureExtension.class)
class MalformedConfigurationTests extends ReplicationIntegrationTests {

	@RegisterExtension
	static final PublisherRole role = new PublisherRole("pgrepl_malformed", "Malformed-Pw-4e1b");

	static final String ROLE = role.name();

	static final String PASSWORD = role.password();

	private static final String PUB = "replication.publications.orders_pub.";

	private static final String SUB = "replication.subscriptions.orders_sub.";

	@BeforeEach
	void createPublication() {
		this.publisher.execute("create table orders (id int primary key, item text)",
				"create publication orders_pub for table orders");
	}

	static Stream<Arguments> malformedConfigurations() {
		List<Arguments> cases = new ArrayList<>();
		cases.add(publisher("SQL injection in a publication name", "replication.publications.orders_pub\"; drop table orders; --",
				"replication.publications[orders_pub\"; drop table orders; --].tables", "orders"));
		cases.add(publisher("SQL injection in a table name", PUB + "tables[0]", PUB + "tables[0]", "orders; drop table orders"));
		cases.add(publisher("quote injection in a table name", PUB + "tables[0]", PUB + "tables[0]", "orders\" cascade; --"));
		cases.add(subscriber("SQL injection in a subscribed publication", SUB + "publications[0]", SUB + "publications",
				"orders_pub'); drop table orders; --"));
		cases.add(subscriber("SQL injection in a slot name", SUB + "slot-name", SUB + "slot-name",
				"s'; drop database postgres; --"));
		cases.add(publisher("empty table name", PUB + "tables[0]", PUB + "tables[0]", ""));
		cases.add(subscriber("empty publication list", SUB + "publications", SUB + "publications", ""));
		cases.add(subscriber("empty publication name", SUB + "publications[1]", SUB + "publications", "orders_pub, "));
		cases.add(publisher("unknown operation", PUB + "operations[1]", PUB + "tables", "orders", PUB + "operations",
				"insert,upsert"));
		cases.add(publisher("tables together with all-tables", PUB + "all-tables", PUB + "tables", "orders",
				PUB + "all-tables", "true"));
		cases.add(publisher("unknown table", PUB + "tables[1]", PUB + "tables", "orders,no_such_table"));
		cases.add(subscriber("missing password where the publisher requires one", SUB + "publisher.password",
				SUB + "publisher.username", ROLE));
		cases.add(subscriber("wrong password", SUB + "publisher.password", SUB + "publisher.username", ROLE,
				SUB + "publisher.password", "not-" + PASSWORD));
		cases.add(subscriber("publisher refuses the connection", SUB + "publisher.host", SUB + "publisher.port",
				String.valueOf(closedPort())));
		cases.add(subscriber("unknown publisher database", SUB + "publisher.database", SUB + "publisher.database",
				"no_such_database"));
		cases.add(subscriber("publication missing on the publisher", SUB + "publications[0]", SUB + "publications",
				"no_such_pub"));
		cases.add(subscriber("published tables missing without create-tables", SUB + "create-tables", SUB + "create-tables",
				"false"));
		cases.add(subscriber("no publisher host", SUB + "publisher.host", SUB + "publisher.host", ""));
		cases.add(subscriber("connection string together with host", SUB + "publisher.connection-string",
				SUB + "publisher.connection-string", "host=elsewhere dbname=app"));
		cases.add(subscriber("invalid JDBC URL", SUB + "publisher.jdbc-url", SUB + "publisher.jdbc-url", "jdbc:mysql://x/y"));
		cases.add(subscriber("unknown streaming mode", SUB + "streaming", SUB + "streaming", "sometimes"));
		cases.add(publisher("unknown DataSource bean", "replication.datasource", "replication.datasource", "noSuchBean",
				PUB + "tables", "orders"));
		cases.add(publisher("row filter outside the replica identity while UPDATE and DELETE are published",
				PUB + "tables[0]", PUB + "tables[0].name", "orders", PUB + "tables[0].where", "item = 'x'"));
		cases.add(publisher("column list leaving out the replica identity while UPDATE and DELETE are published",
				PUB + "tables[0]", PUB + "tables[0].name", "orders", PUB + "tables[0].columns", "item"));
		cases.add(publisher("row filter that is not one expression", PUB + "tables[0]", PUB + "tables[0].name", "orders",
				PUB + "tables[0].where", "true); drop table orders; --"));
		int major = PostgresServers.requestedMajorVersion();
		if (major < 15) {
			cases.add(publisher("TABLES IN SCHEMA before PostgreSQL 15", PUB + "schemas", PUB + "tables", "orders",
					PUB + "schemas", "public"));
			cases.add(publisher("row filter on an identity column before PostgreSQL 15", PUB + "tables[0]",
					PUB + "tables[0].name", "orders", PUB + "tables[0].where", "id > 10"));
		}
		if (major < 17) {
			cases.add(subscriber("failover before PostgreSQL 17", SUB + "failover", SUB + "failover", "true"));
		}
		if (major < 16) {
			cases.add(subscriber("origin none before PostgreSQL 16", SUB + "origin", SUB + "origin", "none"));
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("malformedConfigurations")
	void startupFailsNamingThePropertyAndChangesNothing(String description, String app, String expectedProperty,
			Map<String, Object> properties, CapturedOutput output) {
		TestDatabase database = app.equals("publisher") ? this.publisher : this.subscriber;
		Map<String, Object> all = new LinkedHashMap<>(TestApplications.properties(this.publisher, this.subscriber));
		if (app.equals("subscriber")) {
			all.putAll(TestApplications.ordersSubscription(this.publisher, "postgres"));
			all.put(SUB + "create-tables", "true");
		}
		all.putAll(properties);
		String before = catalog();
		int logged = output.getOut().length();

		assertThatThrownBy(() -> TestApplications.start(database, all).close()).isNotNull();

		String log = output.getOut().substring(logged);
		assertThat(log).contains("APPLICATION FAILED TO START").contains(expectedProperty);
		assertThat(catalog()).isEqualTo(before);
	}

	@Test
	void aPublisherWithoutLogicalWalLevelFailsNamingTheSetting(CapturedOutput output) {
		PostgresServer replica = PostgresServers.startDedicated("wal-replica", Map.of("wal_level", "replica"));
		try (TestDatabase database = replica.createDatabase()) {
			database.execute("create table orders (id int primary key)");

			assertThatThrownBy(() -> TestApplications.start(database, Map.of(PUB + "tables", "orders")).close())
				.isNotNull();

			assertThat(output.getOut()).contains("Property: replication.publications.orders_pub")
				.contains("wal_level is 'replica'")
				.contains("Set wal_level = logical");
			assertThat(database.queryForLong("select count(*) from pg_publication")).isZero();
		}
		finally {
			replica.close();
		}
	}

	/** Every object pgrepl could have touched, on both sides. */
	private String catalog() {
		return this.publisher.queryForList("select pubname, xmin::text from pg_publication order by 1") + " "
				+ this.publisher.queryForList("select c.relname, r::text from pg_publication_rel r join pg_class c on c.oid = r.prrelid order by 1")
				+ " " + this.publisher.queryForList("select slot_name from pg_replication_slots order by 1") + " "
				+ this.publisher.queryForList("select relname from pg_class where relnamespace = 'public'::regnamespace order by 1")
				+ " " + this.subscriber.queryForList("select pubname from pg_publication order by 1") + " "
				+ this.subscriber.queryForList("select subname from pg_subscription order by 1") + " "
				+ this.subscriber.queryForList("select relname from pg_class where relnamespace = 'public'::regnamespace order by 1");
	}

	private static Arguments publisher(String description, String expectedProperty, Object... properties) {
		return Arguments.of(description, "publisher", expectedProperty, map(properties));
	}

	private static Arguments subscriber(String description, String expectedProperty, Object... properties) {
		return Arguments.of(description, "subscriber", expectedProperty, map(properties));
	}

	private static Map<String, Object> map(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
