package io.pgrepl.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;

import io.pgrepl.autoconfigure.ReplicationAutoConfiguration;
import io.pgrepl.core.Replication;
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
@ConditionalOnBean(Replication.class)
@ConditionalOnEnabledHealthIndicator("replication")
public final class ReplicationHealthContributorAutoConfiguration {

	ReplicationHealthContributorAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = { "replicationHealthIndicator", "replicationHealthContributor" })
	HealthContributor replicationHealthContributor(Replication replication) {
		DesiredState desired = replication.desiredState();
		if (desired.isEmpty()) {
			return (HealthIndicator) () -> Health.up().withDetail("declared", "no publications or subscriptions").build();
		}
		Map<String, HealthContributor> children = new LinkedHashMap<>();
		if (!desired.publications().isEmpty()) {
			children.put("publisher", new PublisherHealthIndicator(replication));
		}
		if (!desired.subscriptions().isEmpty()) {
			Map<String, HealthContributor> subscriptions = new LinkedHashMap<>();
			for (DesiredSubscription subscription : desired.subscriptions()) {
				subscriptions.put(subscription.name(), new SubscriptionHealthIndicator(replication, subscription.name()));
			}
			children.put("subscriptions", CompositeHealthContributor.fromMap(subscriptions));
		}
		return CompositeHealthContributor.fromMap(children);
	}

}
