package io.pgrepl.core.internal.catalog;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Feature;
import io.pgrepl.core.model.Operation;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.PublicationInfo;

/**
 * Reads publications back from {@code pg_publication}, {@code pg_publication_rel} and (15+)
 * {@code pg_publication_namespace}, in one query for any number of publications. Not from
 * {@code pg_publication_tables}, which expands partitions and schemas and so cannot say what was
 * actually declared.
 */
public final class PublicationCatalog {

	private PublicationCatalog() {
	}

	/**
	 * The named publications that exist, sorted by name; with an empty list, every publication.
	 */
	public static List<PublicationInfo> read(PgSession session, List<String> names) {
		String schemas = session.version().supports(Feature.TABLES_IN_SCHEMA) ? """
				array(select n.nspname from pg_publication_namespace pn join pg_namespace n on n.oid = pn.pnnspid
				      where pn.pnpubid = p.oid order by n.nspname)""" : "'{}'::text[]";
		String sql = """
				select p.pubname, pg_get_userbyid(p.pubowner) as owner, p.puballtables,
				       p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate, p.pubviaroot,
				       array(select n.nspname from pg_publication_rel r join pg_class c on c.oid = r.prrelid
				             join pg_namespace n on n.oid = c.relnamespace where r.prpubid = p.oid
				             order by n.nspname, c.relname) as table_schemas,
				       array(select c.relname from pg_publication_rel r join pg_class c on c.oid = r.prrelid
				             join pg_namespace n on n.oid = c.relnamespace where r.prpubid = p.oid
				             order by n.nspname, c.relname) as table_names,
				       %s as schemas
				from pg_publication p
				where cardinality(?::text[]) = 0 or p.pubname = any(?::text[])
				order by p.pubname""".formatted(schemas);
		String[] wanted = names.toArray(String[]::new);
		return session.query(sql, PublicationCatalog::map, wanted, wanted);
	}

	private static PublicationInfo map(ResultSet rs) throws SQLException {
		Set<Operation> operations = EnumSet.noneOf(Operation.class);
		addIf(operations, rs.getBoolean("pubinsert"), Operation.INSERT);
		addIf(operations, rs.getBoolean("pubupdate"), Operation.UPDATE);
		addIf(operations, rs.getBoolean("pubdelete"), Operation.DELETE);
		addIf(operations, rs.getBoolean("pubtruncate"), Operation.TRUNCATE);
		String[] tableSchemas = strings(rs.getArray("table_schemas"));
		String[] tableNames = strings(rs.getArray("table_names"));
		List<TableName> tables = new ArrayList<>();
		for (int i = 0; i < tableNames.length; i++) {
			tables.add(new TableName(tableSchemas[i], tableNames[i]));
		}
		return new PublicationInfo(rs.getString("pubname"), rs.getString("owner"), rs.getBoolean("puballtables"),
				operations, rs.getBoolean("pubviaroot"), tables, Arrays.asList(strings(rs.getArray("schemas"))));
	}

	private static void addIf(Set<Operation> operations, boolean present, Operation operation) {
		if (present) {
			operations.add(operation);
		}
	}

	static String[] strings(Array array) throws SQLException {
		return (array != null) ? (String[]) array.getArray() : new String[0];
	}

}
