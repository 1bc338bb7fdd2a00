package io.pgrepl.health;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

import io.pgrepl.core.ReplicationManager;
import io.pgrepl.core.health.HealthThresholds;
import io.pgrepl.core.health.SubscriptionHealth;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.plan.DesiredSubscription;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of one declared subscription: whether it is enabled as configured, whether its apply
 * worker runs, its tables per sync state, lag measured against the publisher, error counters, and
 * the issues and warnings of core's subscriber health check. DOWN when there is an issue (missing,
 * disabled against the configuration, worker gone, slot lost, errors while not keeping up, lag
 * above critical), or when the subscriber database cannot be read.
 */
public class SubscriptionHealthIndicator implements HealthIndicator {

	private final DataSource dataSource;

	private final DesiredSubscription subscription;

	private final HealthThresholds thresholds;

	/**
	 * @param dataSource the subscriber database
	 * @param subscription the declared subscription, with the application's route to its publisher
	 * @param thresholds where warnings and issues start
	 */
	public SubscriptionHealthIndicator(DataSource dataSource, DesiredSubscription subscription,
			HealthThresholds thresholds) {
		this.dataSource = dataSource;
		this.subscription = subscription;
		this.thresholds = thresholds;
	}

	@Override
	public Health health() {
		SubscriptionHealth health;
		try {
			health = ReplicationManager.healthCheckSubscriber(this.dataSource, this.subscription.name(),
					this.thresholds, this.subscription.publisherDataSource(),
					this.subscription.definition().enabled());
		}
		catch (ReplicationException ex) {
			return HealthDetails.unreadable("subscriber", ex);
		}
		Map<String, @Nullable Object> details = new LinkedHashMap<>();
		details.put("enabled", health.enabled());
		details.put("workerRunning", health.worker().running());
		details.put("tables", health.tables().counts().toMap());
		details.put("lagBytes", health.slot().lagBytes());
		details.put("lagSeconds", health.slot().lagSeconds());
		details.put("applyErrors", health.counters().applyErrors());
		details.put("syncErrors", health.counters().syncErrors());
		details.put("issues", health.issues());
		details.put("warnings", health.warnings());
		return HealthDetails.status(health.healthy()).withDetails(details).build();
	}

}
