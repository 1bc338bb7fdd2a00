package io.pgrepl.core.plan;

import io.pgrepl.core.model.Secrets;
import io.pgrepl.core.model.Side;
import org.jspecify.annotations.Nullable;

/**
 * One statement of a {@link PlanAction} and the server it runs on, exactly as {@code apply} runs
 * it. {@link #sql()} is for showing (passwords masked); the statement that runs is kept inside
 * and never printed.
 *
 * <p>
 * The side is {@link Side#PUBLISHER} or {@link Side#SUBSCRIBER}: for a publication's statements
 * the publisher is the managed database; for a subscription's, the subscriber is the managed
 * database and the publisher is reached through the subscription's publisher DataSource, the way
 * its catalog was read.
 */
public final class PlanStatement {

	private final Side side;

	private final String sql;

	private final String shown;

	private final @Nullable String undo;

	private PlanStatement(Side side, String sql, String shown, @Nullable String undo) {
		this.side = side;
		this.sql = sql;
		this.shown = shown;
		this.undo = undo;
	}

	static PlanStatement onPublisher(String sql) {
		return new PlanStatement(Side.PUBLISHER, sql, mask(sql, null), null);
	}

	static PlanStatement onSubscriber(String sql) {
		return new PlanStatement(Side.SUBSCRIBER, sql, mask(sql, null), null);
	}

	/** A statement that carries {@code secret} (a password), masked wherever it is shown. */
	static PlanStatement onSubscriber(String sql, @Nullable String secret) {
		return new PlanStatement(Side.SUBSCRIBER, sql, mask(sql, secret), null);
	}

	/**
	 * This statement, undone by {@code undo} (on the same side) when a later statement of its action
	 * fails, so that a failed action leaves nothing behind that the next run would trip over. It
	 * carries no secret: it may be logged as it is.
	 */
	PlanStatement undoneBy(String undo) {
		return new PlanStatement(this.side, this.sql, this.shown, undo);
	}

	public Side side() {
		return this.side;
	}

	/** The SQL, passwords masked. */
	public String sql() {
		return this.shown;
	}

	/** The statement that runs, password included: never log it. */
	String executed() {
		return this.sql;
	}

	/** What to run on the same side if a later statement of the action fails, or {@code null}. */
	@Nullable String undo() {
		return this.undo;
	}

	@Override
	public String toString() {
		return "[" + this.side + "] " + this.shown;
	}

	private static String mask(String sql, @Nullable String secret) {
		return Secrets.NONE.and(secret).mask(sql);
	}

}
