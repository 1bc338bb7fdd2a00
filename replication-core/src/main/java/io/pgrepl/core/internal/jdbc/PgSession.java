package io.pgrepl.core.internal.jdbc;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

import io.pgrepl.core.model.PgVersion;
import io.pgrepl.core.model.ReplicationSqlException;
import io.pgrepl.core.model.Secrets;
import io.pgrepl.core.model.SessionTimeouts;
import io.pgrepl.core.model.Side;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection, in autocommit, for one operation. Statements that change the catalog are logged
 * at INFO; reads are not logged. Every {@link SQLException} becomes a
 * {@link ReplicationSqlException} whose message names the server ({@link Side}). Log lines and
 * messages go through the {@link Secrets} the session was opened with, so no password leaves it,
 * whatever the caller remembers.
 *
 * <p>
 * Autocommit is not a preference: CREATE/DROP SUBSCRIPTION with a slot and ALTER SUBSCRIPTION ...
 * REFRESH PUBLICATION cannot run inside a transaction block. A pooled connection handed out with
 * autocommit off is switched on for the session and restored on close.
 *
 * <p>
 * Opened on a {@link TimeoutsDataSource}, the session runs under its {@link SessionTimeouts} and
 * gives the connection its own values back on close. A server that does not answer within a
 * timeout is reported as such: "the publisher did not answer within 15s".
 */
public final class PgSession implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger("io.pgrepl");

	/**
	 * The server version behind each data source (a pool, in an application), read once: a
	 * server's major version changes only with a new cluster, and pgrepl features only by major.
	 */
	private static final Map<DataSource, PgVersion> versions = Collections.synchronizedMap(new WeakHashMap<>());

	/** The sessions each thread has open, so that another thread can {@link #cancel(Thread)} them. */
	private static final Map<Thread, Set<PgSession>> opened = new ConcurrentHashMap<>();

	private final Connection connection;

	private final Side side;

	private final Secrets secrets;

	private final boolean autoCommitWas;

	private final boolean owner;

	private @Nullable PgVersion version;

	/** Whether a statement of this session carried a password; see {@link #overwriteActivity()}. */
	private boolean carriedSecret;


	private @Nullable SessionTimeouts timeouts;

	private String @Nullable [] previousTimeouts;

	private @Nullable DataSource source;

	/** The server this session reads, as {@link Reading} names it to callers of other threads. */
	private Reading.@Nullable Server reading;

	/** The thread that opened it, for {@link #cancel(Thread)}. */
	private @Nullable Thread openedBy;

	private PgSession(Connection connection, Side side, Secrets secrets, boolean autoCommitWas, boolean owner) {
		this.connection = connection;
		this.side = side;
		this.secrets = secrets;
		this.autoCommitWas = autoCommitWas;
		this.owner = owner;
	}

	/**
	 * Opens a session that handles no connection string: passwords are still masked wherever
	 * they are written as {@code password=...} or in a URI.
	 * @param dataSource where to connect
	 * @param side what the server is to the user, named in messages
	 * @return the session
	 */
	public static PgSession open(DataSource dataSource, Side side) {
		return open(dataSource, side, Secrets.NONE);
	}

	/**
	 * Opens a session.
	 * @param dataSource where to connect
	 * @param side what the server is to the user, named in messages
	 * @param secrets the passwords of the connection strings this session's statements may carry,
	 * masked in every log line and message of the session
	 * @return the session
	 */
	public static PgSession open(DataSource dataSource, Side side, Secrets secrets) {
		SessionTimeouts timeouts = (dataSource instanceof TimeoutsDataSource limited) ? limited.timeouts() : null;
		DataSource target = (dataSource instanceof TimeoutsDataSource limited) ? limited.delegate() : dataSource;
		long started = System.nanoTime();
		Reading.Server reading = Reading.begin(side, target);
		Connection connection;
		try {
			connection = target.getConnection();
		}
		catch (SQLException ex) {
			Reading.end(reading);
			throw new ReplicationSqlException(
					secrets.mask("Cannot connect to the " + side + ": " + reason(ex, side, started)), ex.getSQLState(),
					null);
		}
		PgSession session;
		try {
			boolean autoCommit = connection.getAutoCommit();
			if (!autoCommit) {
				connection.setAutoCommit(true);
			}
			session = new PgSession(connection, side, secrets, autoCommit, true);
			session.source = target;
			session.reading = reading;
			session.version = versions.get(target);
		}
		catch (SQLException ex) {
			Reading.end(reading);
			closeQuietly(connection);
			throw new ReplicationSqlException(
					secrets.mask("Cannot use the connection to the " + side + ": " + reason(ex, side, started)),
					ex.getSQLState(), null);
		}
		session.openedBy = Thread.currentThread();
		opened.computeIfAbsent(session.openedBy, (thread) -> ConcurrentHashMap.newKeySet()).add(session);
		if (timeouts != null) {
			try {
				session.limit(timeouts);
			}
			catch (RuntimeException ex) {
				session.close();
				throw ex;
			}
		}
		return session;
	}

	/**
	 * Cancels the statement that each session the thread has open is running, as PostgreSQL's
	 * cancel request does ({@code pg_cancel_backend}): for a caller that gives up on work another
	 * thread is doing, such as an application told to stop while its startup waits for a lock or a
	 * server. The statement fails in its thread, which then closes its sessions as on any failure.
	 * @param thread the thread whose statements to cancel
	 */
	public static void cancel(Thread thread) {
		for (PgSession session : opened.getOrDefault(thread, Set.of())) {
			try {
				session.connection.unwrap(PGConnection.class).cancelQuery();
			}
			catch (SQLException | RuntimeException ex) {
				logger.debug("Cannot cancel the statement of a session on the {}", session.side, ex);
			}
		}
	}

	/**
	 * Sets the timeouts for the session, remembering the connection's own and reading the server's
	 * version in the same round trip.
	 */
	private void limit(SessionTimeouts timeouts) {
		// materialized: the previous values are read before set_config changes them
		String[] read = queryOne("with previous as materialized (select current_setting('statement_timeout') "
				+ "as statement, current_setting('lock_timeout') as lock) select statement, lock, "
				+ "current_setting('server_version_num'), set_config('statement_timeout', ?, false), "
				+ "set_config('lock_timeout', ?, false) from previous",
				(rs) -> new String[] { rs.getString(1), rs.getString(2), rs.getString(3) }, timeouts.statementSetting(),
				timeouts.lockSetting())
			.orElseThrow();
		this.previousTimeouts = new String[] { read[0], read[1] };
		this.timeouts = timeouts;
		if (this.version == null) {
			this.version = new PgVersion(Integer.parseInt(read[2]));
			if (this.source != null) {
				versions.put(this.source, this.version);
			}
		}
	}

	/** The timeouts this session runs under, when it was opened with some. */
	public @Nullable SessionTimeouts timeouts() {
		return this.timeouts;
	}

	public Side side() {
		return this.side;
	}

	/**
	 * This session's connection under another name, for work that must run on the connection that
	 * holds a session-level lock; closing the view leaves the connection open.
	 * @param side what the server is to the user in this work
	 * @param secrets the passwords this work may carry
	 */
	public PgSession view(Side side, Secrets secrets) {
		PgSession view = new PgSession(this.connection, side, secrets, true, false);
		view.version = this.version;
		view.source = this.source;
		view.timeouts = this.timeouts;
		return view;
	}

	/** The server's version, read once per data source. */
	public PgVersion version() {
		if (this.version == null) {
			this.version = new PgVersion(queryOne("select current_setting('server_version_num')::int",
					(rs) -> rs.getInt(1)).orElseThrow());
			if (this.source != null) {
				versions.put(this.source, this.version);
			}
		}
		return this.version;
	}

	/** Runs a statement that changes something, logged at INFO. */
	public void execute(String sql) {
		String masked = this.secrets.mask(sql);
		logger.info("pgrepl [{}]: {}", this.side, masked);
		this.carriedSecret |= !masked.equals(sql);
		long started = System.nanoTime();
		try (Statement statement = this.connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw failure("'" + sql + "' failed on the " + this.side, ex, started);
		}
	}

	/**
	 * Runs a statement that changes something and returns rows (a query calling a function such as
	 * {@code pg_terminate_backend}), logged at INFO like {@link #execute(String)}.
	 */
	public <T> List<T> executeQuery(String sql, RowMapper<T> mapper) {
		String masked = this.secrets.mask(sql);
		logger.info("pgrepl [{}]: {}", this.side, masked);
		this.carriedSecret |= !masked.equals(sql);
		long started = System.nanoTime();
		try (Statement statement = this.connection.createStatement();
				ResultSet resultSet = statement.executeQuery(sql)) {
			List<T> rows = new ArrayList<>();
			while (resultSet.next()) {
				rows.add(mapper.map(resultSet));
			}
			return rows;
		}
		catch (SQLException ex) {
			throw failure("'" + sql + "' failed on the " + this.side, ex, started);
		}
	}

	/** Runs statements in one transaction: all of them or none. */
	public void executeInTransaction(List<String> statements) {
		try {
			this.connection.setAutoCommit(false);
			try {
				for (String sql : statements) {
					execute(sql);
				}
				this.connection.commit();
			}
			catch (RuntimeException ex) {
				this.connection.rollback();
				throw ex;
			}
			finally {
				this.connection.setAutoCommit(true);
			}
		}
		catch (SQLException ex) {
			throw failure("Transaction failed on the " + this.side, ex, System.nanoTime());
		}
	}

	/**
	 * Runs {@code statement}, then the query, in a transaction that is always rolled back: asks the
	 * server how it would take a change, without making it. Not logged, since nothing changes.
	 */
	public <T> List<T> queryAfterRolledBack(String statement, String sql, RowMapper<T> mapper, Object... parameters) {
		try {
			this.connection.setAutoCommit(false);
			try (Statement trial = this.connection.createStatement()) {
				trial.execute(statement);
				return query(sql, mapper, parameters);
			}
			catch (SQLException ex) {
				throw failure("PostgreSQL refused it", ex, System.nanoTime());
			}
			finally {
				this.connection.rollback();
				this.connection.setAutoCommit(true);
			}
		}
		catch (SQLException ex) {
			throw failure("Trial transaction failed on the " + this.side, ex, System.nanoTime());
		}
	}

	/** Runs a query with positional parameters ({@code ?}); arrays are passed as {@code String[]}. */
	public <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
		return run("Reading the catalog of the " + this.side + " failed", sql, mapper, parameters);
	}

	/**
	 * Runs a routine write that returns rows ({@code INSERT ... RETURNING}), with parameters as
	 * {@link #query}. Not logged: it runs on a schedule (a heartbeat), it changes no object.
	 */
	public <T> List<T> write(String sql, RowMapper<T> mapper, Object... parameters) {
		return run("Writing to the " + this.side + " failed", sql, mapper, parameters);
	}

	private <T> List<T> run(String what, String sql, RowMapper<T> mapper, Object... parameters) {
		long started = System.nanoTime();
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				Object parameter = parameters[i];
				if (parameter instanceof String[] values) {
					Array array = this.connection.createArrayOf("text", values);
					statement.setArray(i + 1, array);
				}
				else {
					statement.setObject(i + 1, parameter);
				}
			}
			try (ResultSet resultSet = statement.executeQuery()) {
				List<T> rows = new ArrayList<>();
				while (resultSet.next()) {
					rows.add(mapper.map(resultSet));
				}
				return rows;
			}
		}
		catch (SQLException ex) {
			throw failure(what, ex, started);
		}
	}

	public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... parameters) {
		List<T> rows = query(sql, mapper, parameters);
		return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
	}

	/** The underlying connection, for the rare caller that needs JDBC directly. */
	public Connection connection() {
		return this.connection;
	}

	@Override
	public void close() {
		if (this.reading != null) {
			Reading.end(this.reading);
		}
		if (this.openedBy != null) {
			opened.computeIfPresent(this.openedBy, (thread, sessions) -> {
				sessions.remove(this);
				return sessions.isEmpty() ? null : sessions;
			});
		}
		if (this.carriedSecret) {
			overwriteActivity();
		}
		if (!this.owner) {
			return;
		}
		if (this.previousTimeouts != null) {
			try {
				query("select set_config('statement_timeout', ?, false), set_config('lock_timeout', ?, false)",
						(rs) -> true, this.previousTimeouts[0], this.previousTimeouts[1]);
			}
			catch (ReplicationSqlException ex) {
				// a broken connection: the pool discards it with its settings
			}
		}
		try {
			if (!this.autoCommitWas) {
				this.connection.setAutoCommit(false);
			}
		}
		catch (SQLException ex) {
			// the connection is being closed anyway
		}
		closeQuietly(this.connection);
	}

	/**
	 * pg_stat_activity shows a backend's last statement to superusers and pg_read_all_stats until
	 * the next one, and a pooled connection lives on after this session: a statement that carried
	 * a password (CREATE SUBSCRIPTION, ALTER SUBSCRIPTION ... CONNECTION) is followed by one that
	 * carries nothing.
	 */
	private void overwriteActivity() {
		// A read, prepared like every read of pgrepl: it changes nothing.
		try (PreparedStatement statement = this.connection.prepareStatement("SELECT 'pgrepl: statement done'")) {
			statement.execute();
		}
		catch (SQLException ex) {
			logger.debug("pgrepl: could not overwrite the last statement of the {} connection: {}", this.side,
					ex.getSQLState());
		}
	}

	private ReplicationSqlException failure(String what, SQLException ex, long started) {
		String reason = reason(ex, this.side, started);
		if (this.timeouts != null && "57014".equals(ex.getSQLState())) {
			reason += " (pgrepl runs its statements under statement_timeout = " + this.timeouts.statementSetting()
					+ "; if this statement needs longer, raise the statement timeout: the statement of the "
					+ "SessionTimeouts given to Replication.configure(...).timeouts(...), which the Spring Boot "
					+ "starter sets from its timeouts.statement property)";
			if (what.regionMatches(true, 1, "CREATE SUBSCRIPTION", 0, 19)) {
				// PostgreSQL 14-18: with create_slot = true against a publisher in the same cluster,
				// CREATE SUBSCRIPTION waits for its own slot. pgrepl creates that slot itself, but
				// only when this application can reach the publisher to see that it is the same.
				reason += ". If the publisher is in the same cluster as this database, CREATE SUBSCRIPTION "
						+ "waits for a slot it can never create: let the application reach the publisher "
						+ "(give it the publisher's data source or JDBC URL) so that pgrepl creates the slot "
						+ "first, or create it on the publisher with SELECT "
						+ "pg_create_logical_replication_slot('<slot>', 'pgoutput') and turn off the "
						+ "subscription's createSlot";
			}
		}
		else if (this.timeouts != null && "55P03".equals(ex.getSQLState())) {
			reason += " (pgrepl waits for locks under lock_timeout = " + this.timeouts.lockSetting()
					+ ": another session holds a lock this statement needs; wait for it to finish, or raise the "
					+ "lock timeout: the lock of the SessionTimeouts of the core API, which the Spring Boot "
					+ "starter sets from its timeouts.lock property)";
		}
		// no cause: the driver's exception may quote the statement, password and all
		return new ReplicationSqlException(this.secrets.mask(what + ": " + reason), ex.getSQLState(), null);
	}

	/**
	 * Why a connection or statement failed. A pool's timeout says only that it waited: the driver's
	 * failure it keeps as the cause says why. A server that accepted the connection and then said
	 * nothing is named as such, with how long it was given.
	 */
	private static String reason(SQLException ex, Side side, long started) {
		String message = String.valueOf(ex.getMessage());
		if (ex.getCause() instanceof SQLException cause && cause.getMessage() != null
				&& !cause.getMessage().equals(ex.getMessage())) {
			message += " (" + cause.getMessage() + ")";
		}
		if (silent(ex)) {
			long seconds = Math.max(1, Math.round((System.nanoTime() - started) / 1e9));
			return "the " + side + " did not answer within " + seconds + "s: " + message;
		}
		return message;
	}

	/** Whether the failure is a wait that ran out, rather than a refusal. */
	private static boolean silent(Throwable failure) {
		boolean timedOut = false;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
				return false;
			}
			String message = String.valueOf(cause.getMessage());
			if (message.contains("refused") || message.contains("password authentication failed")) {
				return false;
			}
			timedOut |= cause instanceof SocketTimeoutException || cause instanceof SQLTimeoutException
					|| cause instanceof SQLTransientConnectionException || message.contains("timed out");
			if (cause.getCause() == cause) {
				break;
			}
		}
		return timedOut;
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			// nothing left to do
		}
	}

	/** Maps the current row of a result set. */
	@FunctionalInterface
	public interface RowMapper<T> {

		T map(ResultSet resultSet) throws SQLException;

	}

}
