package io.pgrepl.core.plan;

import java.time.Duration;
import javax.sql.DataSource;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.ReplicationSqlException;
import io.pgrepl.core.model.Side;

/**
 * The lock that lets one of N instances starting together run the plan: a session-level advisory
 * lock, per database, on a connection of its own. Not a transaction-scoped lock: creating a slot
 * waits for every open transaction on the publisher, which in the same cluster would include ours.
 */
final class ReconcileLock implements AutoCloseable {

	/** "pgrepl" in ASCII. */
	static final long KEY = 0x70677265706cL;

	private static final String LOCK_NOT_AVAILABLE = "55P03";

	private final PgSession session;

	private ReconcileLock(PgSession session) {
		this.session = session;
	}

	/**
	 * Waits for the lock.
	 * @param timeout how long to wait; zero waits indefinitely ({@code lock_timeout = 0})
	 * @throws ReplicationException when another session holds it for longer
	 */
	static ReconcileLock acquire(DataSource dataSource, Duration timeout) {
		PgSession session = PgSession.open(dataSource, Side.DATABASE);
		try {
			String[] previous = session
				.queryOne("select current_setting('lock_timeout'), current_setting('statement_timeout')",
						(rs) -> new String[] { rs.getString(1), rs.getString(2) })
				.orElseThrow();
			// the wait has its own budget: the lock timeout, not the statement timeout
			setTimeouts(session, timeout.toMillis() + "ms", "0");
			try {
				session.queryOne("select pg_advisory_lock(?)", (rs) -> true, KEY);
			}
			finally {
				// the connection may go back to a pool: leave its settings as they were
				setTimeouts(session, previous[0], previous[1]);
			}
			return new ReconcileLock(session);
		}
		catch (ReplicationSqlException ex) {
			session.close();
			if (LOCK_NOT_AVAILABLE.equals(ex.getSqlState())) {
				throw new ReplicationException("Another instance has held the pgrepl reconcile lock on this database "
						+ "for longer than the lock timeout (" + timeout + "); raise the timeout, or find the session "
						+ "that holds it: SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = "
						+ (KEY >>> 32) + " AND objid = " + (KEY & 0xffffffffL), ex);
			}
			throw ex;
		}
	}

	private static void setTimeouts(PgSession session, String lock, String statement) {
		session.queryOne("select set_config('lock_timeout', ?, false), set_config('statement_timeout', ?, false)",
				(rs) -> true, lock, statement);
	}

	/**
	 * The session holding the lock: with a pool of one connection, the reconcile must run on it,
	 * as there is no other to take.
	 */
	PgSession session() {
		return this.session;
	}

	@Override
	public void close() {
		try {
			this.session.queryOne("select pg_advisory_unlock(?)", (rs) -> true, KEY);
		}
		finally {
			this.session.close();
		}
	}

}
