package io.pgrepl.core.publication;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import io.pgrepl.core.internal.catalog.HeartbeatCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Feature;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.PgVersion;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.PublicationTable;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.model.TableName;

/**
 * pgrepl's heartbeat table, {@code pgrepl.heartbeat}: the publishing application updates one row
 * per publication (its name, {@code written_at} by the publisher's clock, {@code write_interval})
 * at a fixed interval, the row replicates like any published table, and its age on the subscriber
 * is the end-to-end lag, true when nothing else is written and known without the publisher.
 *
 * <p>
 * A publication with a heartbeat publishes the table: a {@code FOR ALL TABLES} publication, or one
 * of {@code TABLES IN SCHEMA pgrepl}, as soon as it exists; any other lists it. On PostgreSQL 15+ it
 * is listed with a row filter that keeps the publication's own row, so that two publications of one
 * database never send the same row to one subscriber (whose second copy of it would be a unique
 * violation that stops the apply).
 */
public final class Heartbeat {

	/** The table. */
	public static final TableName TABLE = HeartbeatCatalog.TABLE_NAME;

	private Heartbeat() {
	}

	/** The statements that create the table where it is missing, publisher and subscriber alike. */
	public static List<String> createTable() {
		return List.of("CREATE SCHEMA IF NOT EXISTS pgrepl",
				"CREATE TABLE IF NOT EXISTS " + HeartbeatCatalog.TABLE + " (publication text PRIMARY KEY, "
						+ "written_at timestamptz NOT NULL, write_interval interval NOT NULL)");
	}

	/**
	 * What a publication with a heartbeat publishes: its definition, and the heartbeat table where
	 * the definition does not already take it in.
	 * @param publication the publication
	 * @param definition what it is declared to publish
	 * @param version the publisher's version: a row filter needs 15
	 */
	public static PublicationDefinition published(String publication, PublicationDefinition definition,
			PgVersion version) {
		if (definition.allTables() || definition.schemas().contains(TABLE.schema())
				|| definition.tableNames().contains(TABLE)) {
			return definition;
		}
		List<PublicationTable> tables = new ArrayList<>(definition.tables());
		// written as PostgreSQL deparses it, so that the catalog's filter compares equal
		tables.add(new PublicationTable(TABLE, version.supports(Feature.ROW_FILTER)
				? "(publication = " + Identifiers.literal(publication) + "::text)" : null, List.of()));
		return new PublicationDefinition(false, tables, definition.schemas(), definition.operations(),
				definition.publishViaPartitionRoot());
	}

	/**
	 * Writes the heartbeat of these publications, in one statement: an insert the first time, an
	 * update after, each stamped with the publisher's {@code now()}. Not logged.
	 * @param publisher the publishing database
	 * @param intervals each publication with how often its heartbeat is written
	 * @return when the publisher stamped them
	 */
	public static Instant write(DataSource publisher, Map<String, Duration> intervals) {
		List<String> publications = new ArrayList<>();
		List<String> seconds = new ArrayList<>();
		intervals.forEach((publication, interval) -> {
			publications.add(Identifiers.requirePlain(publication, "publication name"));
			seconds.add(BigDecimal.valueOf(interval.toNanos(), 9).toPlainString());
		});
		try (PgSession session = PgSession.open(publisher, Side.PUBLISHER)) {
			return session.write("insert into " + HeartbeatCatalog.TABLE + " (publication, written_at, write_interval) "
					+ "select publication, now(), make_interval(secs => seconds::float8) "
					+ "from unnest(?::text[], ?::text[]) as beat(publication, seconds) "
					+ "on conflict (publication) do update set written_at = excluded.written_at, "
					+ "write_interval = excluded.write_interval returning written_at",
					(rs) -> rs.getObject(1, OffsetDateTime.class).toInstant(),
					publications.toArray(String[]::new), seconds.toArray(String[]::new))
				.get(0);
		}
	}

}
