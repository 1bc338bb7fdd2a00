package io.pgrepl.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import io.pgrepl.core.Replication;
import io.pgrepl.core.model.Message;
import io.pgrepl.core.model.SessionTimeouts;
import io.pgrepl.core.model.SettingRef;
import io.pgrepl.core.plan.DesiredStateException;
import io.pgrepl.core.plan.DesiredStateProblem;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of {@link Replication} for the managed {@link DataSource}, with the
 * publications, subscriptions and health thresholds of {@code replication.*}, and of the startup
 * reconcile that makes the database match them before the beans that use it start.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(Replication.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnBooleanProperty(name = "replication.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReplicationProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class ReplicationAutoConfiguration {

	ReplicationAutoConfiguration() {
	}

	/**
	 * The pools through which the application reads its publishers, closed with the context.
	 */
	@Bean
	@ConditionalOnMissingBean
	PublisherPools replicationPublisherPools(ReplicationProperties properties) {
		return new PublisherPools(properties.getTimeouts());
	}

	@Bean
	@ConditionalOnMissingBean
	Replication replication(ReplicationProperties properties, ListableBeanFactory beanFactory,
			ObjectProvider<DataSource> dataSources, PublisherPools publisherPools, Environment environment) {
		// Everything is checked here, before the initializer's first statement.
		return Replication.configure(dataSource(properties, beanFactory, dataSources))
			.desiredState(DesiredStateMapper.map(properties, publisherPools, RawPropertyKeys.check(environment)))
			.thresholds(DesiredStateMapper.thresholds(properties.getHealth()))
			.lockTimeout(properties.getLockTimeout())
			.healthCache(properties.getHealth().getCache())
			.healthTimeout(properties.getTimeouts().getHealth())
			.timeouts(new SessionTimeouts(properties.getTimeouts().getStatement(), properties.getTimeouts().getLock()))
			.load();
	}

	@Bean
	@ConditionalOnMissingBean
	ReplicationInitializer replicationInitializer(Replication replication, ReplicationProperties properties) {
		Map<String, Duration> awaitSync = new LinkedHashMap<>();
		properties.getSubscriptions().forEach((name, subscription) -> {
			if (subscription.getAwaitSync() != null) {
				awaitSync.put(name, subscription.getAwaitSync());
			}
		});
		return new ReplicationInitializer(replication, properties.getMode(), awaitSync);
	}

	@Bean
	@ConditionalOnMissingBean
	SyncProgressLogger replicationSyncProgressLogger(Replication replication) {
		return new SyncProgressLogger(replication, Duration.ofSeconds(10));
	}

	@Bean
	@ConditionalOnMissingBean
	SequenceSyncScheduler replicationSequenceSyncScheduler(Replication replication, ReplicationProperties properties) {
		Map<String, Duration> intervals = new LinkedHashMap<>();
		properties.getSubscriptions().forEach((name, subscription) -> {
			Duration interval = subscription.getSequenceSyncInterval();
			if (interval != null && !interval.isZero()) {
				intervals.put(name, interval);
			}
		});
		return new SequenceSyncScheduler(replication, intervals);
	}

	@Bean
	@ConditionalOnMissingBean
	HeartbeatScheduler replicationHeartbeatScheduler(Replication replication) {
		return new HeartbeatScheduler(replication);
	}

	private static DataSource dataSource(ReplicationProperties properties, ListableBeanFactory beanFactory,
			ObjectProvider<DataSource> dataSources) {
		String name = properties.getDatasource();
		if (StringUtils.hasText(name)) {
			try {
				return beanFactory.getBean(name, DataSource.class);
			}
			catch (NoSuchBeanDefinitionException ex) {
				throw problem("there is no DataSource bean named '" + name + "'", Message.of("Set it to one of "
						+ List.of(beanFactory.getBeanNamesForType(DataSource.class)) + ", or remove it to use the primary one"));
			}
		}
		DataSource dataSource = dataSources.getIfUnique();
		if (dataSource == null) {
			throw problem("there are several DataSource beans and none is primary",
					Message.of("Set ", SettingRef.database(), " to the bean name of the one to manage: one of "
							+ List.of(beanFactory.getBeanNamesForType(DataSource.class))));
		}
		return dataSource;
	}

	private static DesiredStateException problem(String message, Message action) {
		return new DesiredStateException(List.of(new DesiredStateProblem(SettingRef.database(), Message.of(message), action)),
				PropertyNames.NAMES);
	}

}
