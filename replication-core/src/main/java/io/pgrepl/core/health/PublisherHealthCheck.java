package io.pgrepl.core.health;

import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import io.pgrepl.core.internal.catalog.PublicationStatusCatalog;
import io.pgrepl.core.internal.catalog.ServerSettingsCatalog;
import io.pgrepl.core.internal.catalog.SlotCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.status.PublicationStatus;
import io.pgrepl.core.status.ReplicationCapacity;
import io.pgrepl.core.status.ServerSettings;
import io.pgrepl.core.status.SlotStatus;
import io.pgrepl.core.status.TableWithoutReplicaIdentity;

/**
 * Checks a publisher in four queries however many tables, publications and slots it has: settings,
 * publications, their tables with their replica identity, slots (and its version, once per data
 * source). Called through
 * {@link io.pgrepl.core.ReplicationManager#healthCheckPublisher}.
 */
public final class PublisherHealthCheck {

	private PublisherHealthCheck() {
	}

	/**
	 * Reads the publisher and judges what it read.
	 * @param publisher the publisher database
	 * @param thresholds where warnings and issues start
	 * @param publications the declared publications; empty means every publication there is
	 */
	public static PublisherHealth check(DataSource publisher, HealthThresholds thresholds, List<String> publications) {
		publications.forEach((name) -> Identifiers.requireValid(name, "publications"));
		try (PgSession session = PgSession.open(publisher, Side.PUBLISHER)) {
			ServerSettings settings = ServerSettingsCatalog.read(session, null);
			PublicationStatusCatalog.Published published = PublicationStatusCatalog.read(session, publications);
			List<SlotStatus> slots = SlotCatalog.read(session, List.of());
			return evaluate(settings, published.publications(), published.withoutIdentity(), slots, thresholds);
		}
	}

	/** The lag of every logical slot of the publisher's database, in one query. */
	public static List<ReplicationLag> lag(DataSource publisher) {
		try (PgSession session = PgSession.open(publisher, Side.PUBLISHER)) {
			return SlotCatalog.read(session, List.of()).stream().map(ReplicationLag::of).toList();
		}
	}

	/** Judges records read from a publisher; no SQL. */
	static PublisherHealth evaluate(ServerSettings settings, Map<String, PublicationStatus> publications,
			List<TableWithoutReplicaIdentity> withoutIdentity, List<SlotStatus> slots, HealthThresholds thresholds) {
		Findings findings = new Findings();
		String walLevelProblem = settings.walLevelProblem(Side.PUBLISHER);
		if (walLevelProblem != null) {
			findings.issue(walLevelProblem);
		}
		ReplicationCapacity capacity = ReplicationCapacity.of(settings);
		capacity.problems().forEach(findings::issue);
		capacity.warnings().forEach(findings::warning);
		for (PublicationStatus publication : publications.values()) {
			if (!publication.exists()) {
				findings.issue("publication '" + publication.name() + "' does not exist on the publisher; create it "
						+ "(CREATE PUBLICATION " + Identifiers.quote(publication.name()) + " FOR TABLE ...)");
			}
		}
		for (TableWithoutReplicaIdentity table : withoutIdentity) {
			findings.issue("table " + table.table() + " has no usable replica identity (" + table.reason()
					+ ") but " + quotedList(table.publications()) + " publishes its UPDATEs or DELETEs, so UPDATE "
					+ "and DELETE on it fail on the publisher; " + table.remedy());
		}
		slots.forEach((slot) -> SlotRules.check(slot, thresholds, findings));
		return new PublisherHealth(settings.walLevel(), capacity, publications, withoutIdentity, slots,
				findings.issues(), findings.warnings());
	}

	private static String quotedList(List<String> publications) {
		return ((publications.size() > 1) ? "publications '" : "publication '") + String.join("', '", publications)
				+ "'";
	}

}
