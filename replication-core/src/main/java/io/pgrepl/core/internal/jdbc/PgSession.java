package io.pgrepl.core.internal.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

import io.pgrepl.core.model.PgVersion;
import io.pgrepl.core.model.ReplicationSqlException;
import io.pgrepl.core.model.Secrets;
import io.pgrepl.core.model.Side;
import org.jspecify.annotations.Nullable;
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
 */
public final class PgSession implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger("io.pgrepl");

	private final Connection connection;

	private final Side side;

	private final Secrets secrets;

	private final boolean autoCommitWas;

	private final boolean owner;

	private @Nullable PgVersion version;

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
		Connection connection;
		try {
			connection = dataSource.getConnection();
		}
		catch (SQLException ex) {
			throw new ReplicationSqlException(secrets.mask("Cannot connect to the " + side + ": " + reason(ex)),
					ex.getSQLState(), null);
		}
		try {
			boolean autoCommit = connection.getAutoCommit();
			if (!autoCommit) {
				connection.setAutoCommit(true);
			}
			return new PgSession(connection, side, secrets, autoCommit, true);
		}
		catch (SQLException ex) {
			closeQuietly(connection);
			throw new ReplicationSqlException(
					secrets.mask("Cannot use the connection to the " + side + ": " + ex.getMessage()),
					ex.getSQLState(), null);
		}
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
		return view;
	}

	/** The server's version, read once per session. */
	public PgVersion version() {
		if (this.version == null) {
			this.version = new PgVersion(queryOne("select current_setting('server_version_num')::int",
					(rs) -> rs.getInt(1)).orElseThrow());
		}
		return this.version;
	}

	/** Runs a statement that changes something, logged at INFO. */
	public void execute(String sql) {
		logger.info("pgrepl [{}]: {}", this.side, this.secrets.mask(sql));
		try (Statement statement = this.connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw failure("'" + sql + "' failed on the " + this.side, ex);
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
			throw failure("Transaction failed on the " + this.side, ex);
		}
	}

	/** Runs a query with positional parameters ({@code ?}); arrays are passed as {@code String[]}. */
	public <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
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
			throw failure("Reading the catalog of the " + this.side + " failed", ex);
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
		if (!this.owner) {
			return;
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

	private ReplicationSqlException failure(String what, SQLException ex) {
		// no cause: the driver's exception may quote the statement, password and all
		return new ReplicationSqlException(this.secrets.mask(what + ": " + ex.getMessage()), ex.getSQLState(), null);
	}

	/** A pool's timeout says only that it waited: the driver's failure it keeps as the cause says why. */
	private static String reason(SQLException ex) {
		if (ex.getCause() instanceof SQLException cause && cause.getMessage() != null
				&& !cause.getMessage().equals(ex.getMessage())) {
			return ex.getMessage() + " (" + cause.getMessage() + ")";
		}
		return String.valueOf(ex.getMessage());
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
