package io.pgrepl.core.health;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Everything health reads about one managed database at one moment: the publisher's health when
 * publications are declared, and the health of each declared subscription. Metrics and reports
 * share one snapshot rather than each reading the catalog, so its cost is that of health: a
 * constant number of queries per server, whatever the number of tables.
 *
 * @param readAt when the reading started
 * @param publisher the publisher's health, or {@code null} when no publication is declared
 * @param subscriptions the health of each declared subscription, in declaration order
 */
public record ReplicationSnapshot(Instant readAt, @Nullable PublisherHealth publisher,
		List<SubscriptionHealth> subscriptions) {

	public ReplicationSnapshot {
		subscriptions = List.copyOf(subscriptions);
	}

	/** The health of the declared subscription of this name. */
	public Optional<SubscriptionHealth> subscription(String name) {
		return this.subscriptions.stream().filter((health) -> health.name().equals(name)).findFirst();
	}

}
