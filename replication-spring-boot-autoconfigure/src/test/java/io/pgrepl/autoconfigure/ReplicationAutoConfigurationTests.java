package io.pgrepl.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

import com.jayway.jsonpath.JsonPath;
import io.pgrepl.core.Replication;
import io.pgrepl.core.health.HealthThresholds;
import io.pgrepl.core.model.Origin;
import io.pgrepl.core.model.PublicationTable;
import io.pgrepl.core.model.Streaming;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicationAutoConfigurationTests {

	private static TestDatabase database;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReplicationAutoConfiguration.class));

	@BeforeAll
	static void createDatabase() {
		database = PostgresServers.subscriber().createDatabase();
	}

	@AfterAll
	static void dropDatabase() {
		database.close();
	}

	@Test
	void backsOffWithoutADataSource() {
		this.contextRunner.withPropertyValues("replication.publications.orders_pub.tables=orders")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(Replication.class)
				.doesNotHaveBean(ReplicationInitializer.class)
				.doesNotHaveBean(ReplicationProperties.class));
	}

	@Test
	void backsOffWhenReplicationIsDisabled() {
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.withPropertyValues("replication.enabled=false", "replication.publications.orders_pub.tables=missing_table")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(Replication.class)
				.doesNotHaveBean(ReplicationInitializer.class));
	}

	@Test
	void managesTheOnlyDataSource() {
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.run((context) -> {
				assertThat(context).hasSingleBean(Replication.class).hasSingleBean(ReplicationInitializer.class);
				assertThat(context.getBean(Replication.class).dataSource()).isSameAs(context.getBean(DataSource.class));
			});
	}

	@Test
	void theReplicationBeanCarriesTheDeclaredStateThresholdsAndLockTimeout() {
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.withPropertyValues("replication.mode=none", "replication.lock-timeout=5s",
					"replication.publications.orders_pub.tables=orders", "replication.health.lag-warning=10s",
					"replication.health.lag-critical=1m", "replication.health.retained-wal-critical=20GB")
			.run((context) -> {
				Replication replication = context.getBean(Replication.class);
				assertThat(replication.desiredState().publications()).singleElement()
					.satisfies((publication) -> assertThat(publication.name()).isEqualTo("orders_pub"));
				assertThat(replication.lockTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(replication.thresholds())
					.isEqualTo(HealthThresholds.DEFAULTS.withLag(Duration.ofSeconds(10), Duration.ofMinutes(1))
						.withRetainedWal(HealthThresholds.DEFAULTS.retainedWalWarning(),
								DataSize.ofGigabytes(20).toBytes()));
			});
	}

	@Test
	void aUserDefinedReplicationBeanBacksOffTheAutoConfiguredOne() {
		Replication own = Replication.configure(database.dataSource()).load();
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.withBean("ownReplication", Replication.class, () -> own)
			// would fail the auto-configured bean: the user's one is used instead
			.withPropertyValues("replication.publications.orders_pub.operations=upsert")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(Replication.class).hasSingleBean(ReplicationInitializer.class);
				assertThat(context.getBean(Replication.class)).isSameAs(own);
			});
	}

	@Test
	void propertiesBindWithTheirDefaults() {
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.withPropertyValues("replication.mode=none", "replication.lock-timeout=5s",
					"replication.publications.orders_pub.tables=orders,sales.items",
					"replication.subscriptions.orders_sub.publisher.host=pub.internal",
					"replication.subscriptions.orders_sub.publisher.database=app",
					"replication.subscriptions.orders_sub.publisher.options.sslmode=require",
					"replication.subscriptions.orders_sub.publications=orders_pub",
					"replication.subscriptions.orders_sub.streaming=parallel",
					"replication.subscriptions.orders_sub.origin=none", "replication.health.lag-bytes-warning=10MB")
			.run((context) -> {
				ReplicationProperties properties = context.getBean(ReplicationProperties.class);
				assertThat(properties.getMode()).isEqualTo(ReplicationProperties.Mode.NONE);
				assertThat(properties.getLockTimeout()).isEqualTo(Duration.ofSeconds(5));
				ReplicationProperties.Publication publication = properties.getPublications().get("orders_pub");
				assertThat(publication.getTables()).extracting(ReplicationProperties.Table::getName)
					.containsExactly("orders", "sales.items");
				assertThat(publication.getTables()).allSatisfy((table) -> {
					assertThat(table.getWhere()).isNull();
					assertThat(table.getColumns()).isEmpty();
				});
				assertThat(publication.getSchemas()).isEmpty();
				assertThat(publication.getOperations()).containsExactly("insert", "update", "delete", "truncate");
				assertThat(publication.isAllTables()).isFalse();
				assertThat(publication.isPrune()).isFalse();
				ReplicationProperties.Subscription subscription = properties.getSubscriptions().get("orders_sub");
				assertThat(subscription.getPublisher().getHost()).isEqualTo("pub.internal");
				assertThat(subscription.getPublisher().getPort()).isEqualTo(5432);
				assertThat(subscription.getPublisher().getOptions()).containsEntry("sslmode", "require");
				assertThat(subscription.getStreaming()).isEqualTo(Streaming.PARALLEL);
				assertThat(subscription.getOrigin()).isEqualTo(Origin.NONE);
				assertThat(subscription.isCopyData()).isTrue();
				assertThat(subscription.isCreateSlot()).isTrue();
				assertThat(subscription.isEnabled()).isTrue();
				assertThat(subscription.isCreateTables()).isFalse();
				assertThat(subscription.isPasswordRequired()).isTrue();
				assertThat(properties.getHealth().getLagBytesWarning()).isEqualTo(DataSize.ofMegabytes(10));
				assertThat(properties.getHealth().getLagCritical()).isEqualTo(Duration.ofMinutes(5));
				assertThat(properties.getHealth().getRetainedWalCritical()).isEqualTo(DataSize.ofGigabytes(10));
			});
	}

	@Test
	void aTableIsANameOrAnObjectWithARowFilterAndAColumnList() {
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.withPropertyValues("replication.mode=none", "replication.publications.p.tables[0]=orders",
					"replication.publications.p.tables[1].name=sales.items",
					"replication.publications.p.tables[1].where=region = 'eu'",
					"replication.publications.p.tables[1].columns=id,total", "replication.publications.p.schemas=sales")
			.run((context) -> {
				ReplicationProperties.Publication publication = context.getBean(ReplicationProperties.class)
					.getPublications()
					.get("p");
				assertThat(publication.getTables()).hasSize(2);
				assertThat(publication.getTables().get(0).getName()).isEqualTo("orders");
				assertThat(publication.getTables().get(0).getWhere()).isNull();
				assertThat(publication.getTables().get(1).getName()).isEqualTo("sales.items");
				assertThat(publication.getTables().get(1).getWhere()).isEqualTo("region = 'eu'");
				assertThat(publication.getTables().get(1).getColumns()).containsExactly("id", "total");
				assertThat(publication.getSchemas()).containsExactly("sales");
				assertThat(DesiredStateMapper.map(context.getBean(ReplicationProperties.class), context.getBean(PublisherPools.class))
					.publications()
					.get(0)
					.definition()
					.tables()).containsExactly(PublicationTable.of("orders"),
							PublicationTable.of("sales.items").where("region = 'eu'").withColumns("id", "total"));
			});
	}

	@Test
	void listedSequencesReachTheDesiredSubscriptionAndAnIntervalSchedulesTheirSync() {
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.withPropertyValues("replication.mode=none", "replication.subscriptions.s.publisher.host=pub.internal",
					"replication.subscriptions.s.publisher.database=app", "replication.subscriptions.s.publications=p",
					"replication.subscriptions.s.sequences=invoice_no,billing.credit_note_no",
					"replication.subscriptions.s.sequence-sync-interval=1h")
			.run((context) -> {
				assertThat(context.getBean(Replication.class).desiredState().subscriptions()).singleElement()
					.satisfies((subscription) -> assertThat(subscription.sequences()).containsExactly(
							io.pgrepl.core.model.TableName.parse("invoice_no"),
							io.pgrepl.core.model.TableName.parse("billing.credit_note_no")));
				assertThat(context.getBean(SequenceSyncScheduler.class).isRunning()).isTrue();
			});
	}

	@Test
	void withoutAnIntervalNoSequenceSyncIsScheduled() {
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.withPropertyValues("replication.mode=none")
			.run((context) -> assertThat(context.getBean(SequenceSyncScheduler.class).isRunning()).isFalse());
	}

	@Test
	void yamlOffBindsAsStreamingOff() {
		// YAML 1.1 reads "streaming: off" as the boolean false
		this.contextRunner.withBean(DataSource.class, database::dataSource)
			.withPropertyValues("replication.mode=none", "replication.subscriptions.s.publisher.host=pub.internal",
					"replication.subscriptions.s.publisher.database=app", "replication.subscriptions.s.publications=p")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new org.springframework.core.env.MapPropertySource("yaml",
						java.util.Map.of("replication.subscriptions.s.streaming", Boolean.FALSE))))
			.run((context) -> assertThat(
					context.getBean(ReplicationProperties.class).getSubscriptions().get("s").getStreaming())
				.isEqualTo(Streaming.OFF));
	}

	@Test
	void theNamedDataSourceIsManagedInsteadOfThePrimary() {
		DataSource other = PostgresServers.publisher().dataSource("postgres");
		this.contextRunner.withBean("primaryDataSource", DataSource.class, database::dataSource, (bean) -> bean.setPrimary(true))
			.withBean("replicaDataSource", DataSource.class, () -> other)
			.withPropertyValues("replication.datasource=replicaDataSource")
			.run((context) -> assertThat(context.getBean(Replication.class).dataSource()).isSameAs(other));
	}

	@Test
	void jdbcUsersStartAfterTheReconcile() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + database.jdbcUrl(), "spring.datasource.username=postgres")
			.run((context) -> {
				String[] dependsOn = context.getBeanFactory().getBeanDefinition("jdbcTemplate").getDependsOn();
				assertThat(dependsOn).contains(context.getBeanNamesForType(ReplicationInitializer.class));
			});
	}

	@Test
	void theDatabaseInitializerDetectorIsRegistered() {
		List<DatabaseInitializerDetector> detectors = SpringFactoriesLoader
			.loadFactories(DatabaseInitializerDetector.class, getClass().getClassLoader());
		assertThat(detectors).hasAtLeastOneElementOfType(ReplicationDatabaseInitializerDetector.class);
	}

	@Test
	void generatedMetadataHoldsEveryPropertyAndTheValueHints() throws IOException {
		String json;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		List<String> names = JsonPath.read(json, "$.properties[*].name");
		assertThat(names).contains("replication.enabled", "replication.mode", "replication.datasource",
				"replication.lock-timeout", "replication.health.lag-warning", "replication.health.lag-critical",
				"replication.health.lag-bytes-warning", "replication.health.lag-bytes-critical",
				"replication.health.retained-wal-warning", "replication.health.retained-wal-critical");
		assertThat(names).containsAll(nestedProperties("replication.publications.*.", ReplicationProperties.Publication.class));
		assertThat(names).containsAll(nestedProperties("replication.subscriptions.*.", ReplicationProperties.Subscription.class));
		assertThat(names).containsAll(nestedProperties("replication.subscriptions.*.publisher.",
				ReplicationProperties.Publisher.class));
		List<String> descriptions = JsonPath.read(json, "$.properties[?(@.name == 'replication.lock-timeout')].description");
		assertThat(descriptions).singleElement().asString().startsWith("How long to wait");
		List<Object> lockTimeoutDefault = JsonPath.read(json, "$.properties[?(@.name == 'replication.lock-timeout')].defaultValue");
		assertThat(lockTimeoutDefault).containsExactly("60s");
		List<Object> lagBytesDefault = JsonPath.read(json,
				"$.properties[?(@.name == 'replication.health.lag-bytes-warning')].defaultValue");
		assertThat(lagBytesDefault).containsExactly("64MB");
		assertThat(hintValues(json, "replication.mode")).containsExactly("apply", "validate", "plan", "none");
		assertThat(hintValues(json, "replication.publications.*.operations")).containsExactly("insert", "update",
				"delete", "truncate");
		assertThat(hintValues(json, "replication.subscriptions.*.streaming")).containsExactly("off", "on", "parallel");
		assertThat(hintValues(json, "replication.subscriptions.*.origin")).containsExactly("any", "none");
	}

	private static List<String> hintValues(String json, String name) {
		return JsonPath.read(json, "$.hints[?(@.name == '" + name + "')].values[*].value");
	}

	/** Every JavaBean property of a nested class, kebab-case, so new fields cannot miss the metadata. */
	private static List<String> nestedProperties(String prefix, Class<?> type) {
		return Arrays.stream(type.getDeclaredFields())
			.filter((field) -> !field.getName().equals("publisher"))
			.map((field) -> prefix + field.getName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase())
			.toList();
	}

}
