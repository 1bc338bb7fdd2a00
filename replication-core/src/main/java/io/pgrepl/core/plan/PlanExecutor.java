package io.pgrepl.core.plan;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import io.pgrepl.core.internal.catalog.DeferredDdlCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.plan.PlanAction.Kind;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Plan}'s actions in order: each action's statements as they are, on their side,
 * each logged at INFO with passwords masked. Nothing else runs, so what a plan shows is what runs.
 * A failure stops the run, after undoing the statements of the failed action that say how; the
 * next run plans only what is left. Only building deferred indexes and constraints does not stop
 * it: that failure is logged, and the objects are built by the next run. The managed database's statements run on the connection that
 * holds the reconcile lock, so a pool of one connection is enough; a publisher's, on a connection of
 * the publisher's.
 */
final class PlanExecutor implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PlanExecutor.class);

	private final DataSource dataSource;

	private final DesiredState desired;

	private final PgSession lockSession;

	private @Nullable PgSession session;

	private @Nullable DataSource sessionDataSource;

	private @Nullable Side sessionSide;

	/**
	 * @param dataSource the managed database
	 * @param desired what should exist there
	 * @param lockSession the managed database's session that holds the reconcile lock
	 */
	PlanExecutor(DataSource dataSource, DesiredState desired, PgSession lockSession) {
		this.dataSource = dataSource;
		this.desired = desired;
		this.lockSession = lockSession;
	}

	void execute(Plan plan) {
		List<PlanAction> actions = plan.actions();
		for (int i = 0; i < actions.size(); i++) {
			PlanAction action = actions.get(i);
			try {
				execute(action);
			}
			catch (ReplicationException ex) {
				if (action.kind() == Kind.BUILD_DEFERRED) {
					// its transaction was rolled back: the objects stay recorded, and the copy they wait
					// for is done, so the application can start without them
					logger.warn("pgrepl: could not {}: {}; they stay pending in {} and the next reconcile (apply, "
							+ "or the application's next start) builds them", action.description(), ex.getMessage(),
							DeferredDdlCatalog.TABLE);
					continue;
				}
				throw new ReplicationException("Could not " + action.description() + " (change " + (i + 1) + " of "
						+ actions.size() + (i > 0 ? "; the changes before it were made" : "") + "): " + ex.getMessage()
						+ ". Fix the cause and start again: only what is still missing will be done", ex);
			}
		}
	}

	private void execute(PlanAction action) {
		List<PlanStatement> statements = action.statements();
		if (action.inTransaction()) {
			session(action, statements.get(0).side())
				.executeInTransaction(statements.stream().map(PlanStatement::executed).toList());
			return;
		}
		List<PlanStatement> done = new ArrayList<>();
		try {
			for (PlanStatement statement : statements) {
				session(action, statement.side()).execute(statement.executed());
				done.add(statement);
			}
		}
		catch (RuntimeException ex) {
			undo(action, done);
			throw ex;
		}
	}

	private void undo(PlanAction action, List<PlanStatement> done) {
		for (int i = done.size() - 1; i >= 0; i--) {
			PlanStatement statement = done.get(i);
			String undo = statement.undo();
			if (undo != null) {
				try {
					session(action, statement.side()).execute(undo);
				}
				catch (ReplicationException ex) {
					logger.warn("pgrepl: could not undo '{}' on the {} after the failure; run '{}' there: {}",
							statement.sql(), statement.side(), undo, ex.getMessage());
				}
			}
		}
	}

	/**
	 * The managed database, except for a subscription's statements on the publisher: those go
	 * through the publisher's DataSource, the way its catalog was read.
	 */
	private DataSource dataSource(PlanAction action, Side side) {
		return switch (action.kind()) {
			case CREATE_PUBLICATION, ALTER_PUBLICATION, ADD_TABLES, DROP_TABLES, ALTER_TABLES, ADD_SCHEMAS, DROP_SCHEMAS,
					CREATE_HEARTBEAT_TABLE ->
				this.dataSource;
			default -> (side == Side.PUBLISHER) ? subscription(action.objectName()).publisherDataSource()
					: this.dataSource;
		};
	}

	private DesiredSubscription subscription(String name) {
		return this.desired.subscriptions()
			.stream()
			.filter((subscription) -> subscription.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	/** The session on the side's server, opened if the last one was another server's or side's. */
	private PgSession session(PlanAction action, Side side) {
		DataSource target = dataSource(action, side);
		if (this.session != null && (this.sessionDataSource != target || this.sessionSide != side)) {
			close();
		}
		if (this.session == null) {
			this.session = (target == this.dataSource) ? this.lockSession.view(side, this.desired.secrets())
					: PgSession.open(target, side, this.desired.secrets());
			this.sessionDataSource = target;
			this.sessionSide = side;
		}
		return this.session;
	}

	@Override
	public void close() {
		if (this.session != null) {
			this.session.close();
			this.session = null;
			this.sessionDataSource = null;
			this.sessionSide = null;
		}
	}

}
