package io.pgrepl.core.internal.catalog;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.ReceivedHeartbeat;
import org.jspecify.annotations.Nullable;

/**
 * Reads pgrepl's heartbeat table on a subscriber: one row per publication whose publishing
 * application writes heartbeats ({@code publication}, {@code at}: when, by the publisher's clock,
 * {@code every}: how often), replicated like any published table.
 */
public final class HeartbeatCatalog {

	/** The table, as SQL names it. */
	public static final String TABLE = "pgrepl.heartbeat";

	/** The table, as a name. */
	public static final TableName TABLE_NAME = new TableName("pgrepl", "heartbeat");

	private HeartbeatCatalog() {
	}

	/**
	 * The newest heartbeat each of these subscriptions applied, among its publications' rows, in one
	 * query whether or not the table exists (for health's constant query budget). The age is taken
	 * by the subscriber server's clock. Publication names travel hex-encoded and subscriptions as
	 * their position in the list, so no name needs escaping on its way through XML.
	 */
	public static Map<String, ReceivedHeartbeat> read(PgSession session, List<String> subscriptions) {
		if (subscriptions.isEmpty()) {
			return new HashMap<>();
		}
		return parse(session.queryOne("select " + NEWEST, (rs) -> rs.getString(1), names(subscriptions),
				names(subscriptions)).orElse(null), subscriptions);
	}

	/**
	 * {@link #read(PgSession, List)} as one column of a query, so that health reads it with other
	 * things in one round trip: two parameters, the subscriptions as {@code text[]} both times.
	 */
	static final String NEWEST = """
			case when to_regclass('pgrepl.heartbeat') is not null then
			  (xpath('//t/text()', query_to_xml(format(
			    'select string_agg(concat_ws(%L, i, publication, at_us, every_us, age_us), %L) as t from ('
			    || 'select distinct on (s.subname) array_position(%L::text[], s.subname::text) as i, '
			    || 'encode(convert_to(h.publication, %L), %L) as publication, '
			    || '(extract(epoch from h.written_at) * 1000000)::bigint as at_us, '
			    || '(extract(epoch from h.write_interval) * 1000000)::bigint as every_us, '
			    || 'greatest(0, (extract(epoch from clock_timestamp() - h.written_at) * 1000000)::bigint) as age_us '
			    || 'from pg_subscription s join pgrepl.heartbeat h on h.publication = any(s.subpublications) '
			    || 'where s.subdbid = (select oid from pg_database where datname = current_database()) '
			    || 'and s.subname = any(%L::text[]) order by s.subname, h.written_at desc) newest',
			    ':', ',', ?::text[], 'UTF8', 'hex', ?::text[]), false, true, '')))[1]::text end""";

	/** The column {@link #NEWEST} read, by subscription. */
	static Map<String, ReceivedHeartbeat> parse(@Nullable String rows, List<String> subscriptions) {
		Map<String, ReceivedHeartbeat> heartbeats = new HashMap<>();
		if (rows != null) {
			for (String row : rows.split(",")) {
				String[] fields = row.split(":");
				String subscription = subscriptions.get(Integer.parseInt(fields[0]) - 1);
				String publication = new String(HexFormat.of().parseHex(fields[1]), StandardCharsets.UTF_8);
				heartbeats.put(subscription, new ReceivedHeartbeat(subscription, publication,
						Instant.EPOCH.plus(micros(fields[2])), micros(fields[3]), micros(fields[4])));
			}
		}
		return heartbeats;
	}

	static Object names(List<String> subscriptions) {
		return subscriptions.toArray(String[]::new);
	}

	private static Duration micros(String micros) {
		return Duration.ofNanos(Long.parseLong(micros) * 1000);
	}

}
