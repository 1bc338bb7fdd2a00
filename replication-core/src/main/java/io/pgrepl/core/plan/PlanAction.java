package io.pgrepl.core.plan;

import java.util.List;

import io.pgrepl.core.model.Secrets;
import org.jspecify.annotations.Nullable;

/**
 * One change of a {@link Plan}: what it does, in words and in SQL. {@link #sql()} is for showing
 * (passwords masked); the statements that run are kept inside and never printed.
 */
public final class PlanAction {

	/** What kind of change an action is. */
	public enum Kind {

		CREATE_PUBLICATION, ALTER_PUBLICATION, ADD_TABLES, DROP_TABLES, CREATE_TABLES, CREATE_SUBSCRIPTION,
		DISABLE_SUBSCRIPTION, ALTER_CONNECTION, ALTER_SUBSCRIPTION, ENABLE_SUBSCRIPTION, SET_PUBLICATION,
		REFRESH_PUBLICATION

	}

	private final Kind kind;

	private final String objectName;

	private final String description;

	private final List<String> statements;

	private final List<String> shownStatements;

	private PlanAction(Kind kind, String objectName, String description, List<String> statements,
			@Nullable String secret) {
		this.kind = kind;
		this.objectName = objectName;
		this.description = description;
		this.statements = List.copyOf(statements);
		this.shownStatements = this.statements.stream().map(Secrets.NONE.and(secret)::mask).toList();
	}

	static PlanAction of(Kind kind, String objectName, String description, List<String> statements,
			@Nullable String secret) {
		return new PlanAction(kind, objectName, description, statements, secret);
	}

	static PlanAction of(Kind kind, String objectName, String description, String statement, @Nullable String secret) {
		return new PlanAction(kind, objectName, description, List.of(statement), secret);
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

	/** The SQL, statements separated by {@code ;}, passwords masked. */
	public String sql() {
		return String.join("; ", this.shownStatements);
	}

	/** The statements to run, passwords included: never log them. */
	List<String> statements() {
		return this.statements;
	}

	@Override
	public String toString() {
		return this.description + ": " + sql();
	}

}
