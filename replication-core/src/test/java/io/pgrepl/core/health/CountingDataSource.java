package io.pgrepl.core.health;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A real {@link DataSource} that records every statement its connections execute: the SQL still
 * runs on the server, this only counts round trips.
 */
final class CountingDataSource implements DataSource {

	private final DataSource delegate;

	private final List<String> executed = new CopyOnWriteArrayList<>();

	CountingDataSource(DataSource delegate) {
		this.delegate = delegate;
	}

	/** The SQL of every statement executed so far, in order. */
	List<String> executed() {
		return List.copyOf(this.executed);
	}

	@Override
	public Connection getConnection() throws SQLException {
		return counting(this.delegate.getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return counting(this.delegate.getConnection(username, password));
	}

	private Connection counting(Connection connection) {
		return (Connection) proxy(Connection.class, connection, (method, args, result) -> {
			if (result instanceof PreparedStatement statement && args != null && args[0] instanceof String sql) {
				Class<?> type = (result instanceof CallableStatement) ? CallableStatement.class : PreparedStatement.class;
				return proxy(type, statement, (m, a, r) -> {
					countIfExecute(m, sql);
					return r;
				});
			}
			if (result instanceof Statement statement) {
				return proxy(Statement.class, statement, (m, a, r) -> {
					countIfExecute(m, (a != null && a.length > 0 && a[0] instanceof String sql) ? sql : "batch");
					return r;
				});
			}
			return result;
		});
	}

	private void countIfExecute(Method method, String sql) {
		if (method.getName().startsWith("execute")) {
			this.executed.add(sql);
		}
	}

	private static Object proxy(Class<?> type, Object target, ResultHandler handler) {
		InvocationHandler invocation = (proxy, method, args) -> {
			Object result;
			try {
				result = method.invoke(target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
			return handler.handle(method, args, result);
		};
		return Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] { type },
				invocation);
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
		return this.delegate.unwrap(type);
	}

	@Override
	public boolean isWrapperFor(Class<?> type) throws SQLException {
		return this.delegate.isWrapperFor(type);
	}

	@FunctionalInterface
	private interface ResultHandler {

		Object handle(Method method, Object[] args, Object result) throws Throwable;

	}

}
