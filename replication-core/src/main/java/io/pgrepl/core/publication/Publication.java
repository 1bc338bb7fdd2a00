package io.pgrepl.core.publication;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import io.pgrepl.core.internal.catalog.PublicationCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.PublicationTable;
import io.pgrepl.core.model.ReplicationArgumentException;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.model.UnsupportedFeatureException;
import io.pgrepl.core.status.PublicationInfo;

/**
 * A publication on the publisher: which tables' changes leave this database.
 *
 * <pre>{@code
 * Publication pub = new Publication(dataSource, "analytics_pub");
 * pub.create(PublicationDefinition.forTables("users", "sales.orders"));
 * pub.addTables(Product.class, PublicationTable.of("orders").where("region = 'eu'"));
 * }</pre>
 *
 * Each call is one statement, so a failure changes nothing. Tables are names ({@code "orders"},
 * {@code "sales.orders"}), classes or {@link TableName}s.
 */
public final class Publication {

	private static final String EXISTS = "select 1 from pg_publication where pubname = ?";

	private final DataSource dataSource;

	private final String name;

	public Publication(DataSource dataSource, String name) {
		this.dataSource = dataSource;
		this.name = Identifiers.requireValid(name, "publication name");
	}

	public String name() {
		return this.name;
	}

	/** Creates the publication for these tables, publishing insert, update, delete and truncate. */
	public void create(Object... tables) {
		create(PublicationDefinition.forTables(Arrays.asList(tables)));
	}

	/** Creates the publication for all tables in the database, now and future. */
	public void createForAllTables() {
		create(PublicationDefinition.forAllTables());
	}

	/**
	 * Creates the publication. Every listed table must exist: missing ones are reported together,
	 * before anything is created. Row filters, column lists and schemas need PostgreSQL 15.
	 * @throws UnsupportedFeatureException when the server is older than a feature used
	 */
	public void create(PublicationDefinition definition) {
		try (PgSession session = PgSession.open(this.dataSource, Side.PUBLISHER)) {
			definition.requiredFeatures().forEach(session.version()::require);
			requireTablesExist(session, definition.tableNames());
			session.execute(PublicationSql.create(this.name, definition));
		}
	}

	/**
	 * Adds tables not yet in the publication (names, classes, {@link TableName}s, or
	 * {@link PublicationTable}s with a row filter or column list); tables already in it are left
	 * alone, whatever their filter.
	 */
	public void addTables(Object... tables) {
		List<PublicationTable> wanted = PublicationTable.allOf(Arrays.asList(tables));
		try (PgSession session = PgSession.open(this.dataSource, Side.PUBLISHER)) {
			PublicationInfo current = describe(session).orElseThrow(this::notFound);
			List<PublicationTable> missing = wanted.stream()
				.filter((table) -> !current.tableNames().contains(table.table()))
				.toList();
			if (!missing.isEmpty()) {
				PublicationDefinition.forTables(missing).requiredFeatures().forEach(session.version()::require);
				requireTablesExist(session, missing.stream().map(PublicationTable::table).toList());
				session.execute(PublicationSql.addTables(this.name, missing));
			}
		}
	}

	/** Removes tables from the publication; tables not in it are ignored. */
	public void removeTables(Object... tables) {
		List<TableName> unwanted = TableName.allOf(Arrays.asList(tables));
		try (PgSession session = PgSession.open(this.dataSource, Side.PUBLISHER)) {
			PublicationInfo current = describe(session).orElseThrow(this::notFound);
			List<TableName> present = unwanted.stream().filter(current.tableNames()::contains).toList();
			if (!present.isEmpty()) {
				session.execute(PublicationSql.dropTables(this.name, present));
			}
		}
	}

	/**
	 * Drops the publication if it exists. Subscriptions to it stop receiving changes (their apply
	 * workers fail until it comes back or they stop using it).
	 * @param cascade whether to drop objects that depend on it (PostgreSQL has none today)
	 */
	public void drop(boolean cascade) {
		try (PgSession session = PgSession.open(this.dataSource, Side.PUBLISHER)) {
			session.execute(PublicationSql.drop(this.name, cascade));
		}
	}

	public boolean exists() {
		try (PgSession session = PgSession.open(this.dataSource, Side.PUBLISHER)) {
			return session.queryOne(EXISTS, (rs) -> true, this.name).isPresent();
		}
	}

	/** The publication as the catalog has it, or empty when it does not exist. */
	public Optional<PublicationInfo> describe() {
		try (PgSession session = PgSession.open(this.dataSource, Side.PUBLISHER)) {
			return describe(session);
		}
	}

	Optional<PublicationInfo> describe(PgSession session) {
		return PublicationCatalog.read(session, List.of(this.name)).stream().findFirst();
	}

	private ReplicationException notFound() {
		return new ReplicationException("Publication '" + this.name + "' does not exist; create it first");
	}

	/** Reports every missing table at once, so nothing is half-created. */
	static void requireTablesExist(PgSession session, List<TableName> tables) {
		if (tables.isEmpty()) {
			return;
		}
		String[] schemas = tables.stream().map(TableName::schema).toArray(String[]::new);
		String[] names = tables.stream().map(TableName::name).toArray(String[]::new);
		List<TableName> found = session.query("""
				select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
				where c.relkind in ('r', 'p') and (n.nspname, c.relname) in (select * from unnest(?::text[], ?::text[]))""",
				(rs) -> new TableName(rs.getString(1), rs.getString(2)), schemas, names);
		Set<TableName> existing = new HashSet<>(found);
		List<TableName> missing = new ArrayList<>();
		for (TableName table : tables) {
			if (!existing.contains(table)) {
				missing.add(table);
			}
		}
		if (!missing.isEmpty()) {
			throw new ReplicationArgumentException("tables", "Table" + ((missing.size() > 1) ? "s " : " ")
					+ missing.stream().map(TableName::toString).collect(Collectors.joining(", "))
					+ " not found on the " + session.side() + "; create " + ((missing.size() > 1) ? "them" : "it")
					+ " first or correct the name (names are case-sensitive and unqualified means schema public)");
		}
	}

}
