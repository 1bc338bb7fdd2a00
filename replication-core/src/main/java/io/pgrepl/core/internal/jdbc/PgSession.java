package io.pgrepl.core.internal.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.PgVersion;
import io.pgrepl.core.model.ReplicationSqlException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection, in autocommit, for one operation. Statements that change the catalog are logged
 * at INFO, passwords masked; reads are not logged. Every {@link SQLException} becomes a
 * {@link ReplicationSqlException} whose message names the server ({@code role}) and carries no
 * password.
 *
 * <p>
 * Autocommit is not a preference: CREATE/DROP SUBSCRIPTION with a slot and ALTER SUBSCRIPTION ...
 * REFRESH PUBLICATION cannot run inside a transaction block. A pooled connection handed out with
 * autocommit off is switched on for the session and restored on close.
 */
public final class PgSession implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger("io.pgrepl");

	private final Connection connection;

	private final String role;

	private final boolean autoCommitWas;

	private final Set<String> secrets = new LinkedHashSet<>();

	private @Nullable PgVersion version;

	private PgSession(Connection connection, String role, boolean autoCommitWas) {
		this.connection = connection;
		this.role = role;
		this.autoCommitWas = autoCommitWas;
	}

	/**
	 * Opens a session.
	 * @param dataSource where to connect
	 * @param role what the server is to the user, for messages ("publisher", "subscriber")
	 * @return the session
	 */
	public static PgSession open(DataSource dataSource, String role) {
		Connection connection;
		try {
			connection = dataSource.getConnection();
		}
		catch (SQLException ex) {
			throw new ReplicationSqlException("Cannot connect to the " + role + ": " + mask(ex.getMessage(), Set.of()),
					ex.getSQLState(), null);
		}
		try {
			boolean autoCommit = connection.getAutoCommit();
			if (!autoCommit) {
				connection.setAutoCommit(true);
			}
			return new PgSession(connection, role, autoCommit);
		}
		catch (SQLException ex) {
			closeQuietly(connection);
			throw new ReplicationSqlException("Cannot use the connection to the " + role + ": " + ex.getMessage(),
					ex.getSQLState(), null);
		}
	}

	/** Masks this value wherever it would appear in a log line or message of this session. */
	public PgSession redact(@Nullable String secret) {
		if (secret != null && !secret.isEmpty()) {
			this.secrets.add(secret);
		}
		return this;
	}

	public String role() {
		return this.role;
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
		logger.info("pgrepl [{}]: {}", this.role, mask(sql, this.secrets));
		try (Statement statement = this.connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw failure("'" + sql + "' failed on the " + this.role, ex);
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
			throw failure("Transaction failed on the " + this.role, ex);
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
			throw failure("Reading the catalog of the " + this.role + " failed", ex);
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
		return new ReplicationSqlException(mask(what + ": " + ex.getMessage(), this.secrets), ex.getSQLState(), null);
	}

	private static String mask(@Nullable String text, Set<String> secrets) {
		String masked = ConnInfo.maskPasswords(text);
		for (String secret : secrets) {
			masked = masked.replace(secret, ConnInfo.MASK);
		}
		return masked;
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
