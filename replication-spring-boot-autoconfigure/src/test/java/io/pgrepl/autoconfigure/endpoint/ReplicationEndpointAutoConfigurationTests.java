package io.pgrepl.autoconfigure.endpoint;

import javax.sql.DataSource;

import io.pgrepl.autoconfigure.ReplicationAutoConfiguration;
import io.pgrepl.endpoint.ReplicationEndpoint;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicationEndpointAutoConfigurationTests {

	private static TestDatabase database;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ReplicationAutoConfiguration.class, ReplicationEndpointAutoConfiguration.class))
		.withPropertyValues("replication.mode=none");

	@BeforeAll
	static void createDatabase() {
		database = PostgresServers.publisher().createDatabase();
	}

	@AfterAll
	static void dropDatabase() {
		database.close();
	}

	@Test
	void registersTheEndpointWhenExposed() {
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.withPropertyValues("management.endpoints.web.exposure.include=replication")
			.run((context) -> assertThat(context).hasSingleBean(ReplicationEndpoint.class));
	}

	@Test
	void backsOffWhenNotExposed() {
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.run((context) -> assertThat(context).doesNotHaveBean(ReplicationEndpoint.class));
	}

	@Test
	void backsOffWithoutTheReplicationBean() {
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.withPropertyValues("replication.enabled=false", "management.endpoints.web.exposure.include=replication")
			.run((context) -> assertThat(context).doesNotHaveBean(ReplicationEndpoint.class));
	}

}
