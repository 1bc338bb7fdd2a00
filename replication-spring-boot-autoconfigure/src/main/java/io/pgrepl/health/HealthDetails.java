package io.pgrepl.health;

import java.time.Duration;
import java.util.List;

import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.ReplicationException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;

/** What the replication indicators have in common. */
final class HealthDetails {

	private HealthDetails() {
	}

	/** UP when core found no issue (warnings leave it UP), DOWN otherwise. */
	static Health.Builder status(Health.Builder builder, boolean healthy) {
		return healthy ? builder.up() : builder.down();
	}

	/**
	 * DOWN because the database could not be read. The message is pgrepl's, already masked; it is
	 * masked again because health output is public to whoever may see details.
	 */
	static void unreadable(Health.Builder builder, String side, ReplicationException ex) {
		builder.down()
			.withDetail("issues", List.of("Cannot check the " + side + ": " + ConnInfo.maskPasswords(ex.getMessage())))
			.withDetail("warnings", List.of());
	}

	/** ISO-8601, as Spring Boot shows durations, e.g. {@code PT0.004S}; {@code null} when unknown. */
	static @Nullable String duration(@Nullable Duration duration) {
		return (duration != null) ? duration.toString() : null;
	}

}
