package io.pgrepl.core.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pgrepl.core.status.PublicationStatus;
import io.pgrepl.core.status.ReplicationCapacity;
import io.pgrepl.core.status.SlotStatus;
import io.pgrepl.core.status.TableWithoutReplicaIdentity;

/**
 * The health of a publisher database. {@link #healthy()} is false when anything is broken now
 * ({@link #issues()}); {@link #warnings()} are early signs that leave it healthy. Every field is
 * non-null.
 *
 * @param walLevel {@code wal_level}; anything but {@code logical} is an issue
 * @param capacity replication slots and walsenders against their limits; nearly used is a warning
 * @param publications the declared publications (or, when none were declared, every publication
 * of the database) by name, each with whether it exists and the tables it publishes
 * @param tablesWithoutReplicaIdentity tables these publications publish for UPDATE or DELETE that
 * have no usable replica identity; each is an issue, since UPDATE and DELETE on them fail
 * @param slots every logical slot of this database with its walsender, sorted by name
 * @param issues what is broken now, each saying what to do
 * @param warnings early signs, each saying what to do
 */
public record PublisherHealth(String walLevel, ReplicationCapacity capacity,
		Map<String, PublicationStatus> publications, List<TableWithoutReplicaIdentity> tablesWithoutReplicaIdentity,
		List<SlotStatus> slots, List<String> issues, List<String> warnings) {

	public PublisherHealth {
		publications = Collections.unmodifiableMap(new LinkedHashMap<>(publications));
		tablesWithoutReplicaIdentity = List.copyOf(tablesWithoutReplicaIdentity);
		slots = List.copyOf(slots);
		issues = List.copyOf(issues);
		warnings = List.copyOf(warnings);
	}

	/** Whether nothing is broken now (there may be warnings). */
	public boolean healthy() {
		return this.issues.isEmpty();
	}

}
