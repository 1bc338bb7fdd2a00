package io.pgrepl.core.plan;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One change of a {@link Plan}: what it does, in words, and the statements that do it, each with
 * the server it runs on. The statements are exactly what {@code apply} runs; {@link #sql()} shows
 * them with passwords masked.
 */
public final class PlanAction {

	/** What kind of change an action is. */
	public enum Kind {

		CREATE_PUBLICATION, ALTER_PUBLICATION, ADD_TABLES, DROP_TABLES,
		/** New row filters or column lists for tables already in a publication. */
		ALTER_TABLES, ADD_SCHEMAS, DROP_SCHEMAS, CREATE_TABLES, CREATE_SUBSCRIPTION,
		DISABLE_SUBSCRIPTION, ALTER_CONNECTION, ALTER_SUBSCRIPTION, ENABLE_SUBSCRIPTION, SET_PUBLICATION,
		REFRESH_PUBLICATION, BUILD_DEFERRED,
		/** pgrepl's heartbeat table, where publications write heartbeats or subscriptions receive them. */
		CREATE_HEARTBEAT_TABLE

	}

	private final Kind kind;

	private final String objectName;

	private final String description;

	private final List<PlanStatement> statements;

	private final boolean inTransaction;

	private PlanAction(Kind kind, String objectName, String description, List<PlanStatement> statements,
			boolean inTransaction) {
		this.kind = kind;
		this.objectName = objectName;
		this.description = description;
		this.statements = List.copyOf(statements);
		this.inTransaction = inTransaction;
	}

	/** An action whose statements run one by one, each in autocommit. */
	static PlanAction of(Kind kind, String objectName, String description, PlanStatement... statements) {
		return new PlanAction(kind, objectName, description, List.of(statements), false);
	}

	/** An action whose statements, all on one side, run in one transaction: all of them or none. */
	static PlanAction inTransaction(Kind kind, String objectName, String description,
			List<PlanStatement> statements) {
		if (statements.stream().map(PlanStatement::side).distinct().count() > 1) {
			throw new IllegalArgumentException("A transaction runs on one server: " + statements);
		}
		return new PlanAction(kind, objectName, description, statements, true);
	}

	public Kind kind() {
		return this.kind;
	}

	/** The publication or subscription the action is about. */
	public String objectName() {
		return this.objectName;
	}

	/** What the action does, in words, e.g. {@code add tables public.users to publication 'p'}. */
	public String description() {
		return this.description;
	}

	/** Exactly the statements {@code apply} runs for this action, in order, each with its side. */
	public List<PlanStatement> statements() {
		return this.statements;
	}

	/**
	 * Whether the statements run in one transaction. Otherwise each runs in autocommit, as
	 * PostgreSQL requires for CREATE/DROP SUBSCRIPTION with a slot, REFRESH PUBLICATION and SET
	 * PUBLICATION with refresh.
	 */
	public boolean inTransaction() {
		return this.inTransaction;
	}

	/** The SQL, statements separated by {@code ;}, passwords masked. */
	public String sql() {
		return this.statements.stream().map(PlanStatement::sql).collect(Collectors.joining("; "));
	}

	@Override
	public String toString() {
		return this.description + ": " + sql();
	}

}
