package io.pgrepl.core.internal.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.ReplicaIdentityColumns;
import io.pgrepl.core.status.TableWithoutReplicaIdentity;

/**
 * Finds tables without a usable replica identity, in one query however many tables there are.
 * {@code relreplident} alone does not say it: the default identity is the primary key, so a
 * default-identity table without one has none, and an identity index can be dropped.
 */
public final class ReplicaIdentityCatalog {

	static final String IDENTITY = """
			case c.relreplident when 'n' then 'nothing' when 'i' then 'index' else 'default' end as identity""";

	static final String LACKS_IDENTITY = """
			(c.relreplident = 'n'
			 or (c.relreplident = 'd'
			     and not exists (select 1 from pg_index i where i.indrelid = c.oid and i.indisprimary))
			 or (c.relreplident = 'i'
			     and not exists (select 1 from pg_index i where i.indrelid = c.oid and i.indisreplident)))""";

	private ReplicaIdentityCatalog() {
	}

	/** Those of these tables that lack a usable identity. */
	public static List<TableWithoutReplicaIdentity> of(PgSession session, List<TableName> tables) {
		if (tables.isEmpty()) {
			return List.of();
		}
		String[] schemas = tables.stream().map(TableName::schema).toArray(String[]::new);
		String[] names = tables.stream().map(TableName::name).toArray(String[]::new);
		return session.query("""
				select n.nspname, c.relname, %s, '{}'::text[] as publications
				from unnest(?::text[], ?::text[]) as t(schema, name)
				join pg_class c on c.oid = to_regclass(format('%%I.%%I', t.schema, t.name))
				join pg_namespace n on n.oid = c.relnamespace
				where c.relkind in ('r', 'p') and %s
				order by n.nspname, c.relname""".formatted(IDENTITY, LACKS_IDENTITY), ReplicaIdentityCatalog::map,
				schemas, names);
	}

	/** Every permanent table a {@code FOR ALL TABLES} publication would publish that lacks one. */
	public static List<TableWithoutReplicaIdentity> ofAllTables(PgSession session) {
		return session.query("""
				select n.nspname, c.relname, %s, '{}'::text[] as publications
				from pg_class c join pg_namespace n on n.oid = c.relnamespace
				where c.relkind = 'r' and c.relpersistence = 'p'
				  and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_toast'
				  and %s
				order by n.nspname, c.relname""".formatted(IDENTITY, LACKS_IDENTITY), ReplicaIdentityCatalog::map);
	}

	/**
	 * The replica identity columns of those of these tables that have a usable identity: the
	 * primary key's or the identity index's columns, or every column with {@code FULL}.
	 */
	public static List<ReplicaIdentityColumns> columns(PgSession session, List<TableName> tables) {
		if (tables.isEmpty()) {
			return List.of();
		}
		String[] schemas = tables.stream().map(TableName::schema).toArray(String[]::new);
		String[] names = tables.stream().map(TableName::name).toArray(String[]::new);
		return session.query("""
				select n.nspname, c.relname, c.relreplident = 'f' as full,
				       array(select a.attname from pg_attribute a
				             where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
				               and (c.relreplident = 'f' or a.attnum = any(coalesce((select i.indkey::int2[] from pg_index i
				                    where i.indrelid = c.oid
				                      and case c.relreplident when 'i' then i.indisreplident else i.indisprimary end
				                    limit 1), '{}'::int2[])))
				             order by a.attnum) as columns
				from pg_class c join pg_namespace n on n.oid = c.relnamespace
				where c.relkind in ('r', 'p') and (n.nspname, c.relname) in (select * from unnest(?::text[], ?::text[]))
				  and not %s
				order by n.nspname, c.relname""".formatted(LACKS_IDENTITY),
				(rs) -> new ReplicaIdentityColumns(new TableName(rs.getString("nspname"), rs.getString("relname")),
						rs.getBoolean("full"), Rows.strings(rs, "columns")),
				schemas, names);
	}

	private static TableWithoutReplicaIdentity map(ResultSet rs) throws SQLException {
		return new TableWithoutReplicaIdentity(new TableName(rs.getString("nspname"), rs.getString("relname")),
				rs.getString("identity"), Rows.strings(rs, "publications"));
	}

}
