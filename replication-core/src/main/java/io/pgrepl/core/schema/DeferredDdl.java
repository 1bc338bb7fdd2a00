package io.pgrepl.core.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pgrepl.core.internal.catalog.DeferredDdlCatalog;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.DeferredObjects;

/**
 * Secondary indexes and constraints of the tables pgrepl creates, built after the initial copy.
 * They are recorded in {@code pgrepl.deferred_ddl} in the transaction that creates the tables, and
 * each table's are built, and their rows deleted, in one transaction once the table is ready: a
 * restart at any point neither forgets nor repeats any of them, and a build that fails (a lock it
 * waited for too long, say) is retried by the next reconcile.
 */
public final class DeferredDdl {

	private DeferredDdl() {
	}

	/** The statements that record {@code deferred} (by table) and {@code afterAll} (by table). */
	static List<String> record(String subscription, Map<TableName, List<String>> deferred,
			Map<TableName, List<String>> afterAll) {
		List<String> statements = new ArrayList<>();
		if (deferred.values().stream().allMatch(List::isEmpty) && afterAll.values().stream().allMatch(List::isEmpty)) {
			return statements;
		}
		// not CREATE SCHEMA IF NOT EXISTS: PostgreSQL checks CREATE on the database before it looks
		// whether the schema exists, which fails for a role given the schema but not the database
		statements.add("DO $$ BEGIN IF to_regnamespace('pgrepl') IS NULL THEN CREATE SCHEMA pgrepl; END IF; END $$");
		statements.add("CREATE TABLE IF NOT EXISTS " + DeferredDdlCatalog.TABLE + " (subscription text NOT NULL, "
				+ "table_schema text NOT NULL, table_name text NOT NULL, after_all boolean NOT NULL, position int NOT NULL, "
				+ "statement text NOT NULL, PRIMARY KEY (subscription, table_schema, table_name, after_all, position))");
		insert(statements, subscription, deferred, false);
		insert(statements, subscription, afterAll, true);
		return statements;
	}

	private static void insert(List<String> statements, String subscription, Map<TableName, List<String>> byTable,
			boolean afterAll) {
		byTable.forEach((table, sqls) -> {
			if (sqls.isEmpty()) {
				return;
			}
			List<String> rows = new ArrayList<>();
			for (int i = 0; i < sqls.size(); i++) {
				rows.add("(" + Identifiers.literal(subscription) + ", " + Identifiers.literal(table.schema()) + ", "
						+ Identifiers.literal(table.name()) + ", " + afterAll + ", " + i + ", "
						+ Identifiers.literal(idempotent(sqls.get(i))) + ")");
			}
			statements.add("INSERT INTO " + DeferredDdlCatalog.TABLE + " VALUES " + String.join(", ", rows));
		});
	}

	/** {@code CREATE INDEX IF NOT EXISTS}, so that an index someone built meanwhile is kept. */
	private static String idempotent(String sql) {
		if (sql.startsWith("CREATE INDEX ")) {
			return "CREATE INDEX IF NOT EXISTS " + sql.substring("CREATE INDEX ".length());
		}
		if (sql.startsWith("CREATE UNIQUE INDEX ")) {
			return "CREATE UNIQUE INDEX IF NOT EXISTS " + sql.substring("CREATE UNIQUE INDEX ".length());
		}
		return sql;
	}

	/**
	 * The statements that build {@code objects} and forget them, to run in one transaction: either
	 * both happen or neither. The transaction runs without a statement timeout, since an index on a
	 * large table takes as long as the table needs, but keeps the session's lock timeout, so it never
	 * waits forever for a lock the application holds: a build that fails leaves its rows, to be
	 * built by the next reconcile.
	 */
	public static List<String> build(DeferredObjects objects) {
		List<String> statements = new ArrayList<>();
		statements.add("SET LOCAL statement_timeout = 0");
		statements.addAll(objects.statements());
		statements.add("DELETE FROM " + DeferredDdlCatalog.TABLE + " WHERE subscription = "
				+ Identifiers.literal(objects.subscription()) + " AND table_schema = "
				+ Identifiers.literal(objects.table().schema()) + " AND table_name = "
				+ Identifiers.literal(objects.table().name()) + " AND after_all = " + objects.afterAll());
		return statements;
	}

}
