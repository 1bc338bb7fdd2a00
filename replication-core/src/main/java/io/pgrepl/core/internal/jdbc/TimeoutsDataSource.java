package io.pgrepl.core.internal.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

import io.pgrepl.core.model.SessionTimeouts;

/**
 * A managed database whose {@link PgSession}s run under {@link SessionTimeouts}: the session sets
 * them when it opens and restores the connection's own values when it closes, so a pooled
 * connection goes back to the application as it came. Connections taken from it directly are the
 * delegate's, untouched.
 */
public final class TimeoutsDataSource implements DataSource {

	private final DataSource delegate;

	private final SessionTimeouts timeouts;

	private TimeoutsDataSource(DataSource delegate, SessionTimeouts timeouts) {
		this.delegate = delegate;
		this.timeouts = timeouts;
	}

	/**
	 * The data source whose sessions run under these timeouts.
	 * @param dataSource the managed database (unwrapped first if it already carries timeouts)
	 * @param timeouts the timeouts
	 */
	public static DataSource of(DataSource dataSource, SessionTimeouts timeouts) {
		DataSource delegate = (dataSource instanceof TimeoutsDataSource wrapped) ? wrapped.delegate : dataSource;
		return new TimeoutsDataSource(delegate, timeouts);
	}

	SessionTimeouts timeouts() {
		return this.timeouts;
	}

	DataSource delegate() {
		return this.delegate;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return this.delegate.getConnection();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return this.delegate.getConnection(username, password);
	}

	@Override
	public PrintWriter getLogWriter() throws SQLException {
		return this.delegate.getLogWriter();
	}

	@Override
	public void setLogWriter(PrintWriter out) throws SQLException {
		this.delegate.setLogWriter(out);
	}

	@Override
	public void setLoginTimeout(int seconds) throws SQLException {
		this.delegate.setLoginTimeout(seconds);
	}

	@Override
	public int getLoginTimeout() throws SQLException {
		return this.delegate.getLoginTimeout();
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		return this.delegate.getParentLogger();
	}

	@Override
	public <T> T unwrap(Class<T> type) throws SQLException {
		return type.isInstance(this.delegate) ? type.cast(this.delegate) : this.delegate.unwrap(type);
	}

	@Override
	public boolean isWrapperFor(Class<?> type) throws SQLException {
		return type.isInstance(this.delegate) || this.delegate.isWrapperFor(type);
	}

	/** Names nothing of the delegate: it may print connection details. */
	@Override
	public String toString() {
		return "TimeoutsDataSource[" + this.timeouts + "]";
	}

}
