package io.pgrepl.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;

import io.pgrepl.autoconfigure.ReplicationAutoConfiguration;
import io.pgrepl.autoconfigure.ReplicationInitializer;
import io.pgrepl.autoconfigure.PropertyNames;
import io.pgrepl.autoconfigure.ReplicationProperties;
import io.pgrepl.core.health.HealthThresholds;
import io.pgrepl.core.model.InvalidSettingException;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.health.PublisherHealthIndicator;
import io.pgrepl.health.SubscriptionHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code replication} health contributor: a composite with a
 * {@code publisher} child when publications are declared and a {@code subscriptions} composite
 * with one child per declared subscription. Its status is the worst of its children. Off with
 * {@code management.health.replication.enabled=false}.
 */
@AutoConfiguration(after = ReplicationAutoConfiguration.class)
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(ReplicationInitializer.class)
@ConditionalOnEnabledHealthIndicator("replication")
public final class ReplicationHealthContributorAutoConfiguration {

	ReplicationHealthContributorAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = { "replicationHealthIndicator", "replicationHealthContributor" })
	HealthContributor replicationHealthContributor(ReplicationInitializer initializer, ReplicationProperties properties) {
		DesiredState desired = initializer.getDesiredState();
		if (desired.isEmpty()) {
			return (HealthIndicator) () -> Health.up().withDetail("declared", "no publications or subscriptions").build();
		}
		HealthThresholds thresholds = thresholds(properties.getHealth());
		Map<String, HealthContributor> children = new LinkedHashMap<>();
		if (!desired.publications().isEmpty()) {
			children.put("publisher", new PublisherHealthIndicator(initializer.getDataSource(),
					desired.publications().stream().map(DesiredPublication::name).toList(), thresholds));
		}
		if (!desired.subscriptions().isEmpty()) {
			Map<String, HealthContributor> subscriptions = new LinkedHashMap<>();
			for (DesiredSubscription subscription : desired.subscriptions()) {
				subscriptions.put(subscription.name(),
						new SubscriptionHealthIndicator(initializer.getDataSource(), subscription, thresholds));
			}
			children.put("subscriptions", CompositeHealthContributor.fromMap(subscriptions));
		}
		return CompositeHealthContributor.fromMap(children);
	}

	private static HealthThresholds thresholds(ReplicationProperties.Health health) {
		try {
			return new HealthThresholds(health.getLagWarning(), health.getLagCritical(),
					health.getLagBytesWarning().toBytes(), health.getLagBytesCritical().toBytes(),
					health.getRetainedWalWarning().toBytes(), health.getRetainedWalCritical().toBytes());
		}
		catch (InvalidSettingException ex) {
			throw new IllegalStateException(ex.getMessage(PropertyNames.NAMES), ex);
		}
	}

}
