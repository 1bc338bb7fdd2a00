package io.pgrepl.autoconfigure.metrics;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgrepl.autoconfigure.ReplicationAutoConfiguration;
import io.pgrepl.core.Replication;
import io.pgrepl.metrics.ReplicationMetrics;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicationMetricsAutoConfigurationTests {

	private static TestDatabase database;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ReplicationAutoConfiguration.class, ReplicationMetricsAutoConfiguration.class))
		.withPropertyValues("replication.mode=none", "replication.publications.orders_pub.tables=orders");

	@BeforeAll
	static void createDatabase() {
		database = PostgresServers.publisher().createDatabase();
	}

	@AfterAll
	static void dropDatabase() {
		database.close();
	}

	@Test
	void bindsTheReplicationMetersToTheMeterRegistry() {
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(ReplicationMetrics.class);
				context.getBean(ReplicationMetrics.class).bindTo(context.getBean(MeterRegistry.class));
				assertThat(context.getBean(MeterRegistry.class).find("pgrepl.publisher.slots.max").gauge()).isNotNull();
			});
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.run((context) -> assertThat(context).hasSingleBean(Replication.class)
				.doesNotHaveBean(ReplicationMetrics.class));
	}

	@Test
	void backsOffWithoutTheReplicationBean() {
		this.contextRunner.withPropertyValues("replication.enabled=false")
			.withBean(DataSource.class, database::dataSource)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).doesNotHaveBean(ReplicationMetrics.class));
	}

}
