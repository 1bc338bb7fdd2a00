package io.pgrepl.core.plan;

import java.util.List;
import javax.sql.DataSource;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.Side;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link Plan}'s actions in order, each statement logged at INFO with passwords masked.
 * Creating a subscription goes through {@link io.pgrepl.core.Subscription#create}, which handles a
 * publisher in the same cluster. A failure stops the run; the next run plans only what is left.
 * At most one connection is held besides the lock's, so a small pool is enough.
 */
final class PlanExecutor implements AutoCloseable {

	private final DataSource dataSource;

	private final DesiredState desired;

	private @Nullable PgSession session;

	PlanExecutor(DataSource dataSource, DesiredState desired) {
		this.dataSource = dataSource;
		this.desired = desired;
	}

	void execute(Plan plan) {
		List<PlanAction> actions = plan.actions();
		for (int i = 0; i < actions.size(); i++) {
			PlanAction action = actions.get(i);
			try {
				execute(action);
			}
			catch (ReplicationException ex) {
				throw new ReplicationException("Could not " + action.description() + " (change " + (i + 1) + " of "
						+ actions.size() + (i > 0 ? "; the changes before it were made" : "") + "): " + ex.getMessage()
						+ ". Fix the cause and start again: only what is still missing will be done", ex);
			}
		}
	}

	private void execute(PlanAction action) {
		switch (action.kind()) {
			case CREATE_PUBLICATION, ALTER_PUBLICATION, ADD_TABLES, DROP_TABLES -> action.statements()
				.forEach(session(Side.PUBLISHER)::execute);
			case CREATE_TABLES -> session(Side.SUBSCRIBER).executeInTransaction(action.statements());
			case CREATE_SUBSCRIPTION -> {
				// Subscription.create opens its own connection
				close();
				DesiredSubscription subscription = subscription(action.objectName());
				subscription.subscription(this.dataSource).create(subscription.definition());
			}
			default -> action.statements().forEach(session(Side.SUBSCRIBER)::execute);
		}
	}

	private DesiredSubscription subscription(String name) {
		return this.desired.subscriptions()
			.stream()
			.filter((subscription) -> subscription.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	/** The session, opened for this side (the name in log lines) if the last one was another's. */
	private PgSession session(Side side) {
		if (this.session != null && this.session.side() != side) {
			close();
		}
		if (this.session == null) {
			this.session = PgSession.open(this.dataSource, side, this.desired.secrets());
		}
		return this.session;
	}

	@Override
	public void close() {
		if (this.session != null) {
			this.session.close();
			this.session = null;
		}
	}

}
