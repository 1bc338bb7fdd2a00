package io.pgrepl.core.internal.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.PublicationInfo;
import io.pgrepl.core.status.PublicationStatus;

/**
 * Reads publications with the tables they publish now, in two queries whatever their number: the
 * declarations ({@link PublicationCatalog}) and the expanded table list.
 */
public final class PublicationStatusCatalog {

	private PublicationStatusCatalog() {
	}

	/**
	 * With declared names: those publications in that order, missing ones included. Without: every
	 * publication of the database, sorted by name.
	 */
	public static Map<String, PublicationStatus> read(PgSession session, List<String> declared) {
		List<PublicationInfo> infos = PublicationCatalog.read(session, declared);
		Map<String, List<TableName>> tables = publishedTables(session,
				infos.stream().map(PublicationInfo::name).toList());
		Map<String, PublicationStatus> found = new LinkedHashMap<>();
		for (PublicationInfo info : infos) {
			found.put(info.name(), new PublicationStatus(info.name(), true, info.allTables(), info.operations(),
					tables.getOrDefault(info.name(), List.of())));
		}
		if (declared.isEmpty()) {
			return found;
		}
		Map<String, PublicationStatus> result = new LinkedHashMap<>();
		for (String name : declared) {
			result.put(name, found.getOrDefault(name, PublicationStatus.missing(name)));
		}
		return result;
	}

	private static Map<String, List<TableName>> publishedTables(PgSession session, List<String> publications) {
		Map<String, List<TableName>> tables = new LinkedHashMap<>();
		if (publications.isEmpty()) {
			return tables;
		}
		List<Map.Entry<String, TableName>> rows = session.query("""
				select pubname, schemaname, tablename from pg_publication_tables
				where pubname = any(?::text[]) order by pubname, schemaname, tablename""",
				(rs) -> Map.entry(rs.getString(1), new TableName(rs.getString(2), rs.getString(3))),
				(Object) publications.toArray(String[]::new));
		for (Map.Entry<String, TableName> row : rows) {
			tables.computeIfAbsent(row.getKey(), (key) -> new ArrayList<>()).add(row.getValue());
		}
		return tables;
	}

}
