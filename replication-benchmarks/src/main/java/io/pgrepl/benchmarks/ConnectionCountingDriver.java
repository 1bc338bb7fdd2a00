package io.pgrepl.benchmarks;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import org.jspecify.annotations.Nullable;

/**
 * Counts every physical PostgreSQL connection this JVM opens, per server port, including those an
 * application opens inside its own code (the starter's publisher {@code DataSource}s): it takes the
 * place of the PostgreSQL driver in {@link DriverManager}, through which {@code PGSimpleDataSource}
 * connects. Boot's pool finds it by {@code spring.datasource.driver-class-name}.
 */
public final class ConnectionCountingDriver implements Driver {

	private static final Map<Integer, AtomicLong> connections = new ConcurrentHashMap<>();

	private static final org.postgresql.Driver target = new org.postgresql.Driver();

	/** Puts this driver in the PostgreSQL driver's place; idempotent. */
	static synchronized void install() throws SQLException {
		if (org.postgresql.Driver.isRegistered()) {
			org.postgresql.Driver.deregister();
			DriverManager.registerDriver(new ConnectionCountingDriver());
		}
	}

	/** Connections opened to the server on this port since the JVM started. */
	static long opened(int port) {
		AtomicLong count = connections.get(port);
		return (count != null) ? count.get() : 0;
	}

	@Override
	public @Nullable Connection connect(String url, Properties info) throws SQLException {
		Connection connection = target.connect(url, info);
		if (connection != null) {
			Properties parsed = org.postgresql.Driver.parseURL(url, info);
			String port = (parsed != null) ? parsed.getProperty("PGPORT", "5432").split(",")[0] : "5432";
			connections.computeIfAbsent(Integer.parseInt(port), (key) -> new AtomicLong()).incrementAndGet();
		}
		return connection;
	}

	@Override
	public boolean acceptsURL(String url) {
		return target.acceptsURL(url);
	}

	@Override
	public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
		return target.getPropertyInfo(url, info);
	}

	@Override
	public int getMajorVersion() {
		return target.getMajorVersion();
	}

	@Override
	public int getMinorVersion() {
		return target.getMinorVersion();
	}

	@Override
	public boolean jdbcCompliant() {
		return target.jdbcCompliant();
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		return target.getParentLogger();
	}

}
