package io.pgrepl.health;

import java.util.LinkedHashMap;
import java.util.Map;

import io.pgrepl.core.Replication;
import io.pgrepl.core.health.PublisherHealth;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.PublicationStatus;
import io.pgrepl.core.status.SlotStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the publishing side of the managed database: {@code wal_level}, the declared
 * publications, every logical slot with its lag, and the issues and warnings of
 * {@link Replication#publisherHealth()}. DOWN when there is an issue, or when the database cannot
 * be read.
 */
public class PublisherHealthIndicator extends AbstractHealthIndicator {

	private final Replication replication;

	/**
	 * @param replication the replication of the managed database, with its declared publications
	 * and health thresholds
	 */
	public PublisherHealthIndicator(Replication replication) {
		super("Replication publisher health check failed");
		this.replication = replication;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		PublisherHealth health;
		try {
			health = this.replication.publisherHealth();
		}
		catch (ReplicationException ex) {
			HealthDetails.unreadable(builder, "publisher", ex);
			return;
		}
		Map<String, Object> publications = new LinkedHashMap<>();
		health.publications().forEach((name, status) -> publications.put(name, publication(status)));
		Map<String, @Nullable Object> details = new LinkedHashMap<>();
		details.put("walLevel", health.walLevel());
		details.put("publications", publications);
		details.put("slots", health.slots().stream().map(PublisherHealthIndicator::slot).toList());
		details.put("issues", health.issues());
		details.put("warnings", health.warnings());
		HealthDetails.status(builder, health.healthy()).withDetails(details);
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
