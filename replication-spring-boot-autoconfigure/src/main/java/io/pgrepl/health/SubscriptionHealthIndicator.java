package io.pgrepl.health;

import java.util.LinkedHashMap;
import java.util.Map;

import io.pgrepl.core.Replication;
import io.pgrepl.core.health.SubscriptionHealth;
import io.pgrepl.core.model.ReplicationException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of one declared subscription: whether it is enabled as configured, whether its apply
 * worker runs, its tables per sync state, lag measured against the publisher, error counters, and
 * the age of the newest heartbeat it applied (when its publisher writes heartbeats), and the issues
 * and warnings of {@link Replication#subscriptionHealth(String)}. DOWN when there is an issue
 * (missing, disabled against the configuration, worker gone, slot lost, errors while not keeping up,
 * lag above critical, a stale heartbeat), or when the subscriber database cannot be read.
 */
public class SubscriptionHealthIndicator extends AbstractHealthIndicator {

	private final Replication replication;

	private final String subscription;

	/**
	 * @param replication the replication of the managed database, with the declared subscription
	 * (and the application's route to its publisher) and the health thresholds
	 * @param subscription the subscription's name
	 */
	public SubscriptionHealthIndicator(Replication replication, String subscription) {
		super("Replication subscription health check failed");
		this.replication = replication;
		this.subscription = subscription;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		SubscriptionHealth health;
		try {
			health = this.replication.subscriptionHealth(this.subscription);
		}
		catch (ReplicationException ex) {
			HealthDetails.unreadable(builder, "subscriber", ex);
			return;
		}
		Map<String, @Nullable Object> details = new LinkedHashMap<>();
		details.put("enabled", health.enabled());
		details.put("workerRunning", health.worker().running());
		details.put("tables", health.tables().counts().toMap());
		details.put("lagBytes", health.slot().lagBytes());
		details.put("lagSeconds", health.slot().lagSeconds());
		details.put("heartbeatLagSeconds", health.heartbeat().lagSeconds());
		details.put("applyErrors", health.counters().applyErrors());
		details.put("syncErrors", health.counters().syncErrors());
		details.put("issues", health.issues());
		details.put("warnings", health.warnings());
		HealthDetails.status(builder, health.healthy()).withDetails(details);
	}

}
