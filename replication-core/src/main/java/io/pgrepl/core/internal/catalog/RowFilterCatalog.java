package io.pgrepl.core.internal.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.PublicationTable;
import io.pgrepl.core.model.ReplicationSqlException;
import io.pgrepl.core.status.RowFilter;

/**
 * Has PostgreSQL parse declared row filters (15+). Only the server knows what a filter means: it
 * stores {@code region = 'eu'} as {@code (region = 'eu'::text)}, and refuses what a publication may
 * not use (mutable or user-defined functions, system columns, ...). So each filter is tried in a
 * publication created in a transaction that is rolled back, one table at a time so that a refusal
 * names its table; the deparsed filter and the columns it depends on ({@code pg_depend}) are read
 * before the rollback. Nothing is committed and nothing is logged.
 */
public final class RowFilterCatalog {

	private static final String PARSED = """
			select pg_get_expr(r.prqual, r.prrelid) as expression,
			       array(select a.attname from pg_depend d
			             join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
			             where d.classid = 'pg_publication_rel'::regclass and d.objid = r.oid
			               and d.refclassid = 'pg_class'::regclass and d.refobjsubid > 0
			             order by a.attnum) as columns
			from pg_publication_rel r join pg_publication p on p.oid = r.prpubid
			where p.pubname = ?""";

	private RowFilterCatalog() {
	}

	/**
	 * Each filter of these tables (tables without one are skipped), as PostgreSQL takes it in a
	 * publication with this {@code publish_via_partition_root} (a partitioned table may have a
	 * filter only when publishing through its root).
	 */
	public static List<RowFilter> parse(PgSession session, List<PublicationTable> tables,
			boolean publishViaPartitionRoot) {
		List<RowFilter> filters = new ArrayList<>();
		for (PublicationTable table : tables) {
			String declared = table.rowFilter();
			if (declared == null) {
				continue;
			}
			// Invisible to other sessions until commit, which never comes; unique so that two
			// instances reading at once do not wait on each other's name.
			String probe = "pgrepl_probe_" + UUID.randomUUID().toString().replace("-", "");
			String create = "CREATE PUBLICATION " + Identifiers.quote(probe) + " FOR TABLE "
					+ new PublicationTable(table.table(), declared, List.of()).sql()
					+ " WITH (publish_via_partition_root = " + publishViaPartitionRoot + ")";
			try {
				filters.add(session.queryAfterRolledBack(create, PARSED,
						(rs) -> new RowFilter(table.table(), declared, rs.getString("expression"),
								Arrays.asList(PublicationCatalog.strings(rs.getArray("columns"))), null),
						probe)
					.get(0));
			}
			catch (ReplicationSqlException ex) {
				filters.add(new RowFilter(table.table(), declared, null, List.of(),
						ex.getMessage().replaceFirst("^PostgreSQL refused it: ", "")));
			}
		}
		return filters;
	}

}
