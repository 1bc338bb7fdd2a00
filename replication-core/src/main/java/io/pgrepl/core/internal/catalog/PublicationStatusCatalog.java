package io.pgrepl.core.internal.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Operation;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.PublicationStatus;
import io.pgrepl.core.status.TableWithoutReplicaIdentity;

/**
 * Reads publications with the tables they publish now, in two queries whatever their number: the
 * publications' flags and the expanded table list, which carries each table's replica identity.
 */
public final class PublicationStatusCatalog {

	private PublicationStatusCatalog() {
	}

	/**
	 * With declared names: those publications in that order, missing ones included. Without: every
	 * publication of the database, sorted by name. Two queries: the publications' flags, then
	 * {@code pg_publication_tables} once, which gives each publication's tables and, in the same
	 * rows, which of the tables published for UPDATE or DELETE lack a usable replica identity.
	 */
	public static Published read(PgSession session, List<String> declared) {
		String[] wanted = declared.toArray(String[]::new);
		List<PublicationStatus> infos = session.query("""
				select pubname, puballtables, pubinsert, pubupdate, pubdelete, pubtruncate
				from pg_publication
				where cardinality(?::text[]) = 0 or pubname = any(?::text[])
				order by pubname """, PublicationStatusCatalog::map, wanted, wanted);
		List<String> names = infos.stream().map(PublicationStatus::name).toList();
		List<TableRow> rows = names.isEmpty() ? List.of() : session.query("""
				select pt.pubname, n.nspname, c.relname, p.pubupdate or p.pubdelete as updates, %s, %s as lacks
				from pg_publication_tables pt
				join pg_publication p on p.pubname = pt.pubname
				join pg_namespace n on n.nspname = pt.schemaname
				join pg_class c on c.relnamespace = n.oid and c.relname = pt.tablename
				where pt.pubname = any(?::text[])
				order by pt.pubname, n.nspname, c.relname """.formatted(ReplicaIdentityCatalog.IDENTITY,
				ReplicaIdentityCatalog.LACKS_IDENTITY), (rs) -> new TableRow(rs.getString("pubname"),
						new TableName(rs.getString("nspname"), rs.getString("relname")), rs.getBoolean("updates"),
						rs.getString("identity"), rs.getBoolean("lacks")),
				(Object) names.toArray(String[]::new));
		Map<String, List<TableName>> tables = new LinkedHashMap<>();
		Map<TableName, List<String>> lacking = new TreeMap<>();
		Map<TableName, String> identities = new LinkedHashMap<>();
		for (TableRow row : rows) {
			tables.computeIfAbsent(row.publication(), (key) -> new ArrayList<>()).add(row.table());
			if (row.updates() && row.lacks()) {
				lacking.computeIfAbsent(row.table(), (key) -> new ArrayList<>()).add(row.publication());
				identities.put(row.table(), row.identity());
			}
		}
		Map<String, PublicationStatus> found = new LinkedHashMap<>();
		for (PublicationStatus info : infos) {
			found.put(info.name(), new PublicationStatus(info.name(), true, info.allTables(), info.operations(),
					tables.getOrDefault(info.name(), List.of())));
		}
		List<TableWithoutReplicaIdentity> withoutIdentity = new ArrayList<>();
		lacking.forEach((table, publications) -> withoutIdentity
			.add(new TableWithoutReplicaIdentity(table, identities.get(table), publications.stream().sorted().toList())));
		if (declared.isEmpty()) {
			return new Published(found, withoutIdentity);
		}
		Map<String, PublicationStatus> result = new LinkedHashMap<>();
		for (String name : declared) {
			result.put(name, found.getOrDefault(name, PublicationStatus.missing(name)));
		}
		return new Published(result, withoutIdentity);
	}

	private static PublicationStatus map(ResultSet rs) throws SQLException {
		Set<Operation> operations = EnumSet.noneOf(Operation.class);
		addIf(operations, rs.getBoolean("pubinsert"), Operation.INSERT);
		addIf(operations, rs.getBoolean("pubupdate"), Operation.UPDATE);
		addIf(operations, rs.getBoolean("pubdelete"), Operation.DELETE);
		addIf(operations, rs.getBoolean("pubtruncate"), Operation.TRUNCATE);
		return new PublicationStatus(rs.getString("pubname"), true, rs.getBoolean("puballtables"), operations, List.of());
	}

	private static void addIf(Set<Operation> operations, boolean present, Operation operation) {
		if (present) {
			operations.add(operation);
		}
	}

	/**
	 * What the publisher publishes.
	 *
	 * @param publications the publications by name, declared order (missing ones included)
	 * @param withoutIdentity the tables they publish for UPDATE or DELETE without a usable replica
	 * identity, sorted by table
	 */
	public record Published(Map<String, PublicationStatus> publications,
			List<TableWithoutReplicaIdentity> withoutIdentity) {

	}

	private record TableRow(String publication, TableName table, boolean updates, String identity, boolean lacks) {

	}

}
