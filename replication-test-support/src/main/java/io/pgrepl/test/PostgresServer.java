package io.pgrepl.test;

import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * One running PostgreSQL cluster. Tests never share a database: each asks for its own with
 * {@link #createDatabase()} and closes it afterwards.
 */
public abstract class PostgresServer implements AutoCloseable {

	/** Superuser that the harness connects as; it needs no password from loopback. */
	public static final String SUPERUSER = "postgres";

	private static final AtomicInteger databaseCounter = new AtomicInteger();

	private final String name;

	protected PostgresServer(String name) {
		this.name = name;
	}

	/**
	 * pg_hba.conf of every harness server: password authentication (scram) for every role but the
	 * harness superuser, so tests see what a publisher that requires a password does.
	 * @param ipv4 the IPv4 clients admitted, e.g. {@code 127.0.0.1/32}
	 * @param ipv6 the IPv6 clients admitted
	 */
	static String hbaRules(String ipv4, String ipv6) {
		StringBuilder rules = new StringBuilder("local all all trust\n");
		for (String address : new String[] { ipv4, ipv6 }) {
			rules.append("host all postgres ").append(address).append(" trust\n");
			rules.append("host replication postgres ").append(address).append(" trust\n");
		}
		for (String address : new String[] { ipv4, ipv6 }) {
			rules.append("host all all ").append(address).append(" scram-sha-256\n");
			rules.append("host replication all ").append(address).append(" scram-sha-256\n");
		}
		return rules.toString();
	}

	/** Name given to this server by the test harness (for example "publisher"). */
	public String name() {
		return this.name;
	}

	/** Host the test JVM uses to reach this server. */
	public abstract String host();

	/** Port the test JVM uses to reach this server. */
	public abstract int port();

	/** Host another server of the harness uses to reach this one (differs under Testcontainers). */
	public abstract String peerHost();

	/** Port another server of the harness uses to reach this one. */
	public abstract int peerPort();

	/** Stops the server, keeping its data; {@link #start()} brings it back on the same port. */
	public abstract void stop();

	/** Starts a server stopped with {@link #stop()}. */
	public abstract void start();

	/**
	 * Kills the server as a crash would (SIGKILL of the postmaster, no shutdown checkpoint); the
	 * next {@link #start()} runs crash recovery. Only embedded servers can.
	 */
	public void kill() {
		throw new UnsupportedOperationException(this + " cannot be killed");
	}

	/**
	 * Freezes the server (SIGSTOP of the postmaster and every process of it): it keeps accepting TCP
	 * connections in the kernel's backlog and answers nothing, as a stopped host or a stuck proxy
	 * would. {@link #thaw()} resumes it; call it in a {@code finally}. Only embedded servers can.
	 */
	public void freeze() {
		throw new UnsupportedOperationException(this + " cannot be frozen");
	}

	/** Resumes a server frozen with {@link #freeze()} (SIGCONT); does nothing to a running one. */
	public void thaw() {
		throw new UnsupportedOperationException(this + " cannot be thawed");
	}

	@Override
	public abstract void close();

	/** PostgreSQL major version of the running server, e.g. 17. */
	public int majorVersion() {
		try (Connection connection = dataSource("postgres").getConnection()) {
			return connection.getMetaData().getDatabaseMajorVersion();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot read the version of server " + this.name, ex);
		}
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
	}

	/** Connections as the superuser to the given database. */
	public DataSource dataSource(String database) {
		return dataSource(database, SUPERUSER, null);
	}

	public DataSource dataSource(String database, String user, String password) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setServerNames(new String[] { host() });
		dataSource.setPortNumbers(new int[] { port() });
		dataSource.setDatabaseName(database);
		dataSource.setUser(user);
		if (password != null) {
			dataSource.setPassword(password);
		}
		dataSource.setApplicationName("pgrepl-tests");
		// A harness statement that hangs fails the test with a stack trace instead of stalling the build.
		dataSource.setConnectTimeout(10);
		dataSource.setLoginTimeout(30);
		dataSource.setSocketTimeout(120);
		return dataSource;
	}

	/** libpq connection string that another server of the harness uses to reach a database here. */
	public String peerConnInfo(String database) {
		return "host=" + peerHost() + " port=" + peerPort() + " dbname=" + database + " user=" + SUPERUSER;
	}

	/** Creates a fresh, empty database with a unique name. */
	public TestDatabase createDatabase() {
		String database = "t" + databaseCounter.incrementAndGet() + "_"
				+ UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		executeAsSuperuser("postgres", "CREATE DATABASE " + database);
		return new TestDatabase(this, database);
	}

	/** Runs statements on the given database as the superuser, in autocommit. */
	public void executeAsSuperuser(String database, String... statements) {
		try (Connection connection = dataSource(database).getConnection();
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("SQL failed on " + this.name + "/" + database + ": " + ex.getMessage()
					+ diagnostics(ex), ex);
		}
	}

	/**
	 * When a statement timed out, what the server's sessions were doing, so that a stall in CI can
	 * be read from the test report; empty for any other failure.
	 */
	String diagnostics(SQLException failure) {
		if (!(failure.getCause() instanceof SocketTimeoutException)) {
			return "";
		}
		PGSimpleDataSource quick = (PGSimpleDataSource) dataSource("postgres");
		quick.setSocketTimeout(10);
		StringBuilder sessions = new StringBuilder("\nSessions on " + this + ":");
		try (Connection connection = quick.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select pid, datname, backend_type, state, "
						+ "wait_event_type, wait_event, backend_xid, left(query, 160) from pg_stat_activity "
						+ "where pid <> pg_backend_pid() and state is distinct from 'idle'")) {
			while (rows.next()) {
				sessions.append("\n  ");
				for (int i = 1; i <= 8; i++) {
					sessions.append(rows.getString(i)).append(i < 8 ? " | " : "");
				}
			}
		}
		catch (SQLException ex) {
			sessions.append(" not readable either: ").append(ex.getMessage());
		}
		return sessions.toString();
	}

	@Override
	public String toString() {
		return this.name + " (" + host() + ":" + port() + ")";
	}

}
