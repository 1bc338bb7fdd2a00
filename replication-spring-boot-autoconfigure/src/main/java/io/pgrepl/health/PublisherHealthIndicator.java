package io.pgrepl.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import io.pgrepl.core.ReplicationManager;
import io.pgrepl.core.health.HealthThresholds;
import io.pgrepl.core.health.PublisherHealth;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.PublicationStatus;
import io.pgrepl.core.status.SlotStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the publishing side of the managed database: {@code wal_level}, the declared
 * publications, every logical slot with its lag, and the issues and warnings of
 * {@link ReplicationManager#healthCheckPublisher(DataSource, HealthThresholds, java.util.Collection)}.
 * DOWN when there is an issue, or when the database cannot be read.
 */
public class PublisherHealthIndicator implements HealthIndicator {

	private final DataSource dataSource;

	private final List<String> publications;

	private final HealthThresholds thresholds;

	/**
	 * @param dataSource the publisher database
	 * @param publications the declared publication names
	 * @param thresholds where warnings and issues start
	 */
	public PublisherHealthIndicator(DataSource dataSource, List<String> publications, HealthThresholds thresholds) {
		this.dataSource = dataSource;
		this.publications = List.copyOf(publications);
		this.thresholds = thresholds;
	}

	@Override
	public Health health() {
		PublisherHealth health;
		try {
			health = ReplicationManager.healthCheckPublisher(this.dataSource, this.thresholds, this.publications);
		}
		catch (ReplicationException ex) {
			return HealthDetails.unreadable("publisher", ex);
		}
		Map<String, Object> publications = new LinkedHashMap<>();
		health.publications().forEach((name, status) -> publications.put(name, publication(status)));
		Map<String, @Nullable Object> details = new LinkedHashMap<>();
		details.put("walLevel", health.walLevel());
		details.put("publications", publications);
		details.put("slots", health.slots().stream().map(PublisherHealthIndicator::slot).toList());
		details.put("issues", health.issues());
		details.put("warnings", health.warnings());
		return HealthDetails.status(health.healthy()).withDetails(details).build();
	}

	private static Map<String, Object> publication(PublicationStatus status) {
		Map<String, Object> publication = new LinkedHashMap<>();
		publication.put("tables", status.tables().stream().map(TableName::toString).toList());
		publication.put("exists", status.exists());
		return publication;
	}

	private static Map<String, @Nullable Object> slot(SlotStatus slot) {
		Map<String, @Nullable Object> details = new LinkedHashMap<>();
		details.put("name", slot.name());
		details.put("active", slot.active());
		details.put("walStatus", slot.walStatus());
		details.put("retainedBytes", slot.retainedBytes());
		details.put("lagBytes", slot.lagBytes());
		details.put("writeLag", HealthDetails.duration(slot.writeLag()));
		details.put("flushLag", HealthDetails.duration(slot.flushLag()));
		details.put("replayLag", HealthDetails.duration(slot.replayLag()));
		return details;
	}

}
