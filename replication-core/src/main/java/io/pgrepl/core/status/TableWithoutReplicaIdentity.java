package io.pgrepl.core.status;

import java.util.List;

import io.pgrepl.core.model.TableName;

/**
 * A table whose changes cannot be published for UPDATE or DELETE because it has no usable replica
 * identity: PostgreSQL then refuses UPDATE and DELETE on the table itself, on the publisher.
 *
 * @param table the table
 * @param replicaIdentity what it has: {@code default} (and no primary key), {@code nothing}, or
 * {@code index} (whose index no longer exists)
 * @param publications the publications that publish it for UPDATE or DELETE; empty when the table
 * is only about to be published (preflight)
 */
public record TableWithoutReplicaIdentity(TableName table, String replicaIdentity, List<String> publications) {

	public TableWithoutReplicaIdentity {
		publications = List.copyOf(publications);
	}

	/** Why the identity is unusable, in PostgreSQL's words. */
	public String reason() {
		return switch (this.replicaIdentity) {
			case "nothing" -> "REPLICA IDENTITY NOTHING";
			case "index" -> "a REPLICA IDENTITY USING INDEX whose index is gone";
			default -> "no primary key and REPLICA IDENTITY DEFAULT";
		};
	}

	/** What to change, as SQL the user can run. */
	public String remedy() {
		return "add a primary key, or ALTER TABLE " + this.table.quoted() + " REPLICA IDENTITY FULL (or USING INDEX "
				+ "on a unique index of NOT NULL columns)";
	}

}
