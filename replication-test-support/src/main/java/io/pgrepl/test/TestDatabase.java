package io.pgrepl.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;

/**
 * A database of its own for one test. {@link #close()} removes it with everything that would keep
 * it alive: its subscriptions (detached from their slots first, so a stopped publisher cannot block
 * the drop) and the replication slots that point at it.
 */
public final class TestDatabase implements AutoCloseable {

	/** How long tests wait for replication to deliver. */
	public static final Duration REPLICATION_DEADLINE = Duration.ofSeconds(60);

	/**
	 * A libpq connection string that fails at once: a Unix socket directory that does not exist. It
	 * has a password because PostgreSQL 16+ requires one of a subscription whose owner is no superuser.
	 */
	private static final String UNREACHABLE = "host=/nonexistent/pgrepl-tests dbname=gone password=unused";

	private final PostgresServer server;

	private final String name;

	private final DataSource dataSource;

	TestDatabase(PostgresServer server, String name) {
		this.server = server;
		this.name = name;
		this.dataSource = server.dataSource(name);
	}

	public String name() {
		return this.name;
	}

	public PostgresServer server() {
		return this.server;
	}

	/** Superuser connections to this database, from the test JVM. */
	public DataSource dataSource() {
		return this.dataSource;
	}

	public String jdbcUrl() {
		return this.server.jdbcUrl(this.name);
	}

	/** Connection string that a subscriber on another harness server uses to reach this database. */
	public String peerConnInfo() {
		return this.server.peerConnInfo(this.name);
	}

	/** Runs statements in autocommit, one after the other. */
	public void execute(String... statements) {
		this.server.executeAsSuperuser(this.name, statements);
	}

	/** The single value of a one-row, one-column query, or null for no row. */
	public @Nullable Object queryForObject(String sql) {
		List<Map<String, @Nullable Object>> rows = queryForList(sql);
		return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
	}

	public long queryForLong(String sql) {
		Object value = queryForObject(sql);
		return (value != null) ? ((Number) value).longValue() : 0L;
	}

	public List<Map<String, @Nullable Object>> queryForList(String sql) {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery(sql)) {
			ResultSetMetaData metaData = resultSet.getMetaData();
			List<Map<String, @Nullable Object>> rows = new ArrayList<>();
			while (resultSet.next()) {
				Map<String, @Nullable Object> row = new LinkedHashMap<>();
				for (int i = 1; i <= metaData.getColumnCount(); i++) {
					row.put(metaData.getColumnLabel(i), resultSet.getObject(i));
				}
				rows.add(row);
			}
			return rows;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Query failed on " + this.server.name() + "/" + this.name + ": "
					+ ex.getMessage() + this.server.diagnostics(ex), ex);
		}
	}

	public long rowCount(String table) {
		return queryForLong("select count(*) from " + table);
	}

	/** Waits, with {@link #REPLICATION_DEADLINE}, until the table holds exactly {@code expected} rows. */
	public void awaitRowCount(String table, long expected) {
		await(() -> rowCount(table) == expected, "row count of " + table + " on " + this.server.name() + " to be "
				+ expected);
	}

	/** Waits, with {@link #REPLICATION_DEADLINE}, until the query returns {@code expected}. */
	public void awaitQueryResult(String sql, @Nullable Object expected) {
		await(() -> Objects.equals(normalize(queryForObject(sql)), normalize(expected)),
				"'" + sql + "' on " + this.server.name() + " to return " + expected);
	}

	/** Polls the condition until it holds or {@link #REPLICATION_DEADLINE} passes. */
	public static void await(Callable<Boolean> condition, String description) {
		Awaitility.await(description)
			.atMost(REPLICATION_DEADLINE)
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(condition);
	}

	private static @Nullable Object normalize(@Nullable Object value) {
		return (value instanceof Number number) ? number.longValue() : value;
	}

	@Override
	public void close() {
		if (!isRunning()) {
			return;
		}
		List<Map<String, @Nullable Object>> subscriptions = queryForList(
				"select subname from pg_subscription where subdbid = (select oid from pg_database where datname = current_database())");
		for (Map<String, @Nullable Object> subscription : subscriptions) {
			String quoted = '"' + String.valueOf(subscription.get("subname")).replace("\"", "\"\"") + '"';
			// Pointed at a socket that does not exist, DROP SUBSCRIPTION skips the publisher: it
			// would otherwise drop the slots of tables still copying, and in the same cluster on
			// PostgreSQL 14 that waits for a walsender that waits for the DROP's own transaction
			// (a table-sync slot being created waits for every running transaction). The slots
			// left behind belong to the publisher's database and go with it.
			execute("ALTER SUBSCRIPTION " + quoted + " DISABLE",
					"ALTER SUBSCRIPTION " + quoted + " SET (slot_name = NONE)",
					"ALTER SUBSCRIPTION " + quoted + " CONNECTION '" + UNREACHABLE + "'",
					"DROP SUBSCRIPTION " + quoted);
		}
		String literal = "'" + this.name.replace("'", "''") + "'";
		// A subscriber elsewhere may still be connected and reconnect at once: terminate its
		// walsender and drop the slot until both stick.
		await(() -> {
			this.server.executeAsSuperuser("postgres",
					"select pg_terminate_backend(active_pid) from pg_replication_slots where database = " + literal
							+ " and active_pid is not null",
					"select pg_drop_replication_slot(slot_name) from pg_replication_slots where database = " + literal
							+ " and active_pid is null");
			return slotCount(literal) == 0;
		}, "slots of " + this + " to be dropped");
		this.server.executeAsSuperuser("postgres", "DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
	}

	private long slotCount(String databaseLiteral) {
		try (Connection connection = this.server.dataSource("postgres").getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement
					.executeQuery("select count(*) from pg_replication_slots where database = " + databaseLiteral)) {
			resultSet.next();
			return resultSet.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private boolean isRunning() {
		try (Connection connection = this.server.dataSource("postgres").getConnection()) {
			return true;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	@Override
	public String toString() {
		return this.server.name() + "/" + this.name;
	}

}
