package io.pgrepl.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A publisher's pool whose callers fail as soon as an attempt to connect fails, rather than wait
 * for HikariCP's connection timeout while it tries again and again: a publisher that refuses
 * connections (stopped, restarting, a wrong password) answers a health check or a starting
 * application at once with pgjdbc's reason ("Connection to db:5432 refused"), not after the
 * connect and login timeouts with "Connection is not available". A publisher that is only slow
 * still gets the whole connection timeout, as no attempt has failed.
 * <p>
 * HikariCP makes connections in its own thread and keeps a failure to itself until a caller's
 * wait ends; this pool hears of each failed attempt from the data source HikariCP connects
 * through, and interrupts the callers waiting at that moment, each of which then fails with that
 * attempt's error and its interrupt flag cleared.
 */
final class FailFastPool extends DelegatingDataSource implements AutoCloseable {

	private final HikariDataSource pool;

	/** The callers waiting for a connection; guarded by itself. */
	private final Set<Waiter> waiters = new HashSet<>();

	/**
	 * @param config the pool's settings, without a data source
	 * @param publisher the unpooled route to the publisher
	 */
	FailFastPool(HikariConfig config, DataSource publisher) {
		config.setDataSource(new Attempts(publisher));
		this.pool = new HikariDataSource(config);
		setTargetDataSource(this.pool);
	}

	HikariDataSource pool() {
		return this.pool;
	}

	@Override
	public Connection getConnection() throws SQLException {
		Waiter waiter = new Waiter(Thread.currentThread());
		synchronized (this.waiters) {
			this.waiters.add(waiter);
		}
		try {
			return this.pool.getConnection();
		}
		catch (SQLException ex) {
			SQLException failed = waiter.failed;
			throw (failed != null) ? new SQLException(failed.getMessage(), failed.getSQLState(), failed) : ex;
		}
		finally {
			synchronized (this.waiters) {
				this.waiters.remove(waiter);
			}
			if (waiter.failed != null) {
				// the interrupt was this pool's, not the caller's
				Thread.interrupted();
			}
		}
	}

	/** Fails the callers waiting now with this failed attempt's error. */
	private void failed(SQLException ex) {
		synchronized (this.waiters) {
			for (Waiter waiter : this.waiters) {
				// a caller already interrupted fails by itself, and keeps its interrupt
				if (waiter.failed == null && !waiter.thread.isInterrupted()) {
					waiter.failed = ex;
					waiter.thread.interrupt();
				}
			}
		}
	}

	@Override
	public void close() {
		this.pool.close();
	}

	/** Names the pool only. */
	@Override
	public String toString() {
		return this.pool.getPoolName();
	}

	/** A caller waiting for a connection, and the failed attempt that ended its wait, if one did. */
	private static final class Waiter {

		private final Thread thread;

		private volatile @Nullable SQLException failed;

		Waiter(Thread thread) {
			this.thread = thread;
		}

	}

	/** The publisher as HikariCP connects to it, telling the pool of each attempt that fails. */
	private final class Attempts extends DelegatingDataSource {

		Attempts(DataSource publisher) {
			super(publisher);
		}

		@Override
		public Connection getConnection() throws SQLException {
			try {
				return super.getConnection();
			}
			catch (SQLException ex) {
				failed(ex);
				throw ex;
			}
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			try {
				return super.getConnection(username, password);
			}
			catch (SQLException ex) {
				failed(ex);
				throw ex;
			}
		}

	}

}
