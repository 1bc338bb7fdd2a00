package io.pgrepl.autoconfigure.health;

import java.util.List;
import javax.sql.DataSource;

import io.pgrepl.autoconfigure.ReplicationAutoConfiguration;
import io.pgrepl.core.Replication;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.health.PublisherHealthIndicator;
import io.pgrepl.health.SubscriptionHealthIndicator;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicationHealthContributorAutoConfigurationTests {

	private static TestDatabase database;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReplicationAutoConfiguration.class,
				ReplicationHealthContributorAutoConfiguration.class))
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
	void registersACompositeWithAPublisherAndOneChildPerSubscription() {
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.withPropertyValues("replication.publications.orders_pub.tables=orders",
					"replication.subscriptions.a_sub.publisher.host=localhost",
					"replication.subscriptions.a_sub.publisher.database=app",
					"replication.subscriptions.a_sub.publications=p",
					"replication.subscriptions.b_sub.publisher.host=localhost",
					"replication.subscriptions.b_sub.publisher.database=app",
					"replication.subscriptions.b_sub.publications=p")
			.run((context) -> {
				CompositeHealthContributor replication = (CompositeHealthContributor) context
					.getBean("replicationHealthContributor", HealthContributor.class);
				assertThat(replication.getContributor("publisher")).isInstanceOf(PublisherHealthIndicator.class);
				CompositeHealthContributor subscriptions = (CompositeHealthContributor) replication
					.getContributor("subscriptions");
				assertThat(subscriptions.stream().map(HealthContributors.Entry::name)).containsExactly("a_sub", "b_sub");
				assertThat(subscriptions.getContributor("a_sub")).isInstanceOf(SubscriptionHealthIndicator.class);
			});
	}

	@Test
	void aUserDefinedReplicationBeanIsTheOneChecked() {
		Replication own = Replication.configure(database.dataSource())
			.desiredState(new DesiredState(
					List.of(DesiredPublication.of("own_pub", PublicationDefinition.forTables("orders"))), List.of()))
			.load();
		this.contextRunner.withBean(Replication.class, () -> own).run((context) -> {
			CompositeHealthContributor replication = (CompositeHealthContributor) context
				.getBean("replicationHealthContributor", HealthContributor.class);
			assertThat(replication.stream().map(HealthContributors.Entry::name)).containsExactly("publisher");
			HealthIndicator publisher = (HealthIndicator) replication.getContributor("publisher");
			assertThat(publisher.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(publisher.health().getDetails().get("issues")).asString()
				.contains("publication 'own_pub' does not exist");
		});
	}

	@Test
	void withNothingDeclaredTheContributorIsUp() {
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.run((context) -> assertThat(context.getBean("replicationHealthContributor", HealthIndicator.class)
				.health()
				.getStatus()).isEqualTo(Status.UP));
	}

	@Test
	void backsOffWhenTheHealthIndicatorIsDisabled() {
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.withPropertyValues("management.health.replication.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("replicationHealthContributor"));
	}

	@Test
	void backsOffWhenReplicationIsDisabled() {
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.withPropertyValues("replication.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("replicationHealthContributor"));
	}

	@Test
	void backsOffWithoutADataSource() {
		this.contextRunner
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("replicationHealthContributor"));
	}

	@Test
	void thresholdsInTheWrongOrderNameTheProperty() {
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.withPropertyValues("replication.publications.orders_pub.tables=orders", "replication.health.lag-warning=10m",
					"replication.health.lag-critical=1m")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining(
						"replication.health.lag-critical must not be below replication.health.lag-warning"));
	}

}
