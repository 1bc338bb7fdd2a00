package io.pgrepl.core.internal.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.Origin;
import io.pgrepl.core.model.PgVersion;
import io.pgrepl.core.model.Streaming;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.SubscriptionInfo;

/**
 * Reads subscriptions of the current database from {@code pg_subscription} in one query, whatever
 * their number. {@code pg_subscription} is shared by the whole cluster, hence the filter on
 * {@code subdbid}. Columns the server's version lacks read as that version's behaviour.
 */
public final class SubscriptionCatalog {

	private SubscriptionCatalog() {
	}

	/** The named subscriptions that exist here, sorted by name; with an empty list, all of them. */
	public static List<SubscriptionInfo> read(PgSession session, List<String> names) {
		PgVersion version = session.version();
		// subconninfo is revoked from PUBLIC: selecting it as a non-superuser fails the whole query.
		boolean canReadConnInfo = session
			.queryOne("select has_column_privilege('pg_catalog.pg_subscription', 'subconninfo', 'select')",
					(rs) -> rs.getBoolean(1))
			.orElse(false);
		String sql = """
				select s.subname, pg_get_userbyid(s.subowner) as owner, s.subenabled, %s as conninfo,
				       s.subslotname, s.subpublications, s.subsynccommit, s.subbinary, s.substream::text as stream,
				       %s as twophase, %s as disableonerr, %s as origin, %s as failover,
				       %s as passwordrequired, %s as runasowner
				from pg_subscription s
				where s.subdbid = (select oid from pg_database where datname = current_database())
				  and (cardinality(?::text[]) = 0 or s.subname = any(?::text[]))
				order by s.subname""".formatted(canReadConnInfo ? "s.subconninfo" : "null::text",
				column(version, 15, "s.subtwophasestate::text", "'d'"),
				column(version, 15, "s.subdisableonerr", "false"), column(version, 16, "s.suborigin", "'any'"),
				column(version, 17, "s.subfailover", "false"), column(version, 16, "s.subpasswordrequired", "true"),
				column(version, 16, "s.subrunasowner", "false"));
		String[] wanted = names.toArray(String[]::new);
		return session.query(sql, SubscriptionCatalog::map, wanted, wanted);
	}

	/**
	 * The tables each named subscription of this database has ({@code pg_subscription_rel}), in any
	 * sync state, sorted; a subscription without tables is absent from the map.
	 */
	public static Map<String, List<TableName>> subscribedTables(PgSession session, List<String> names) {
		Map<String, List<TableName>> tables = new LinkedHashMap<>();
		session.query("""
				select s.subname, n.nspname, c.relname
				from pg_subscription s
				join pg_subscription_rel r on r.srsubid = s.oid
				join pg_class c on c.oid = r.srrelid
				join pg_namespace n on n.oid = c.relnamespace
				where s.subdbid = (select oid from pg_database where datname = current_database())
				  and s.subname = any(?::text[])
				order by s.subname, n.nspname, c.relname""", (rs) -> {
			tables.computeIfAbsent(rs.getString(1), (key) -> new ArrayList<>())
				.add(new TableName(rs.getString(2), rs.getString(3)));
			return null;
		}, (Object) names.toArray(String[]::new));
		return tables;
	}

	private static String column(PgVersion version, int since, String column, String before) {
		return version.isAtLeast(since) ? column : before;
	}

	private static SubscriptionInfo map(ResultSet rs) throws SQLException {
		String conninfo = rs.getString("conninfo");
		return new SubscriptionInfo(rs.getString("subname"), rs.getString("owner"), rs.getBoolean("subenabled"),
				(conninfo != null) ? ConnInfo.parse(conninfo) : null, rs.getString("subslotname"),
				Arrays.asList(PublicationCatalog.strings(rs.getArray("subpublications"))),
				rs.getString("subsynccommit"), rs.getBoolean("subbinary"), Streaming.fromCatalog(rs.getString("stream")),
				!"d".equals(rs.getString("twophase")), rs.getBoolean("disableonerr"),
				Origin.fromCatalog(rs.getString("origin")), rs.getBoolean("failover"),
				rs.getBoolean("passwordrequired"), rs.getBoolean("runasowner"));
	}

}
