package io.pgrepl.core.switchover;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.pgrepl.core.internal.catalog.LsnCatalog;
import io.pgrepl.core.internal.catalog.RoleSettingCatalog;
import io.pgrepl.core.internal.catalog.SlotCatalog;
import io.pgrepl.core.internal.catalog.SubscriptionCatalog;
import io.pgrepl.core.internal.catalog.SyncStatusCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.model.SubscriptionPair;
import io.pgrepl.core.publication.PublicationSql;
import io.pgrepl.core.sequence.SequenceSync;
import io.pgrepl.core.sequence.SequenceSyncReport;
import io.pgrepl.core.status.SlotStatus;
import io.pgrepl.core.status.SubscriptionInfo;
import io.pgrepl.core.status.SyncState;
import io.pgrepl.core.status.TableSyncStatus;
import io.pgrepl.core.subscription.SubscriptionSql;
import io.pgrepl.core.switchover.SwitchoverOptions.Finish;
import io.pgrepl.core.switchover.SwitchoverStep.Outcome;
import io.pgrepl.core.switchover.SwitchoverStep.Step;
import io.pgrepl.core.verify.SubscriberConfirmation;
import io.pgrepl.core.verify.Verifier;
import io.pgrepl.core.verify.VerifyReport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the application's writes from the publisher to the subscriber, step by step, each logged:
 * preflight, stop writes, catch up, sync sequences, optionally verify, finish the subscription. A
 * step that fails after writes stopped rolls back: the roles' settings are restored, so the
 * publisher takes writes again, and the subscription, untouched until the last step, keeps
 * replicating.
 *
 * <p>
 * Writes stop with {@code ALTER ROLE r IN DATABASE db SET default_transaction_read_only = on} and
 * {@code pg_terminate_backend} of the roles' sessions in the publisher database, waiting until
 * they are gone (a signalled backend may still finish a {@code COMMIT}), not with
 * {@code REVOKE}: a revoke does not reach what a role may do as a table owner or through another
 * role it belongs to, and does not end a transaction that already wrote, which could commit after
 * the position the subscriber is waited for. Ending the sessions rolls back every open
 * transaction, a pool's new sessions start read-only, and their writes fail at once with
 * {@code 25006 cannot execute INSERT in a read-only transaction}: clean errors, no waiting. Undoing
 * it is one {@code ALTER ROLE} per role. A session may still {@code SET transaction_read_only = off}
 * by itself: the application's roles must not.
 */
public final class Switchover {

	private static final Logger logger = LoggerFactory.getLogger("io.pgrepl");

	private static final long POLL_MILLIS = 10;

	private final SubscriptionPair pair;

	private final SequenceSync sequenceSync;

	private final SwitchoverOptions options;

	private final List<SwitchoverStep> steps = new ArrayList<>();

	private @Nullable SequenceSyncReport sequences;

	private @Nullable VerifyReport verification;

	/**
	 * @param pair the subscription and its servers
	 * @param sequenceSync the sequence sync of the subscription, run once the subscriber caught up
	 * @param options how to switch over
	 */
	public Switchover(SubscriptionPair pair, SequenceSync sequenceSync, SwitchoverOptions options) {
		this.pair = pair;
		this.sequenceSync = sequenceSync;
		this.options = options;
	}

	/** Runs the switchover, or with {@link SwitchoverOptions#dryRun()} its preflight and lists the rest. */
	public SwitchoverReport run() {
		try (PgSession subscriber = PgSession.open(this.pair.subscriber(), Side.SUBSCRIBER, this.pair.secrets());
				PgSession publisher = PgSession.open(this.pair.publisher(), Side.PUBLISHER, this.pair.secrets())) {
			String database = publisher.queryOne("select current_database()", (rs) -> rs.getString(1)).orElseThrow();
			SubscriptionInfo subscription;
			Map<String, Optional<String>> previous;
			long started = System.nanoTime();
			try {
				subscription = preflightSubscription(subscriber);
				previous = preflightPublisher(publisher, subscription);
				if (this.options.verifyFirst()) {
					this.verification = requireEqual(new Verifier(this.pair, this.options.verifyOptions()).run());
				}
				done(Step.PREFLIGHT, started, "every table ready, lag under " + this.options.maxLagBytes()
						+ " bytes, roles " + this.options.roles() + " exist"
						+ (this.options.verifyFirst() ? ", data verified" : ""), List.of());
			}
			catch (ReplicationException ex) {
				failed(Step.PREFLIGHT, started, ex);
				return report(false, false, ex.getMessage(), null);
			}
			List<String> stop = stopStatements(database);
			List<String> finish = finishStatements(subscription);
			if (this.options.dryRun()) {
				plan(stop, finish);
				return report(false, false, null, null);
			}
			return switchOver(subscriber, publisher, subscription, database, previous, stop, finish);
		}
	}

	private SwitchoverReport switchOver(PgSession subscriber, PgSession publisher, SubscriptionInfo subscription,
			String database, Map<String, Optional<String>> previous, List<String> stop, List<String> finish) {
		long blocked = System.nanoTime();
		Step step = Step.STOP_WRITES;
		long started = blocked;
		try {
			stop.subList(0, stop.size() - 1).forEach(publisher::execute);
			int ended = awaitEnded(publisher, publisher.executeQuery(stop.get(stop.size() - 1), Backend::read));
			done(step, started, "new sessions of " + this.options.roles() + " in '" + database
					+ "' start read-only; their open sessions (" + ended + ") were ended and are gone", stop);
			step = Step.CATCH_UP;
			started = System.nanoTime();
			String lsn = LsnCatalog.current(publisher);
			SubscriberConfirmation.await(publisher, subscriber, this.pair.subscription(),
					Objects.requireNonNull(subscription.slotName()), lsn, this.options.catchUpTimeout());
			done(step, started, "the subscriber holds everything up to " + lsn, List.of());
			step = Step.SYNC_SEQUENCES;
			started = System.nanoTime();
			this.sequences = this.sequenceSync.run();
			if (!this.sequences.complete()) {
				throw new ReplicationException("Sequences cannot be synced: missing on the subscriber "
						+ this.sequences.missing() + ", not on the publisher " + this.sequences.notOnPublisher()
						+ "; create them on the subscriber, or the subscriber would hand out values already used");
			}
			done(step, started, this.sequences.sequences().size() + " sequences at or past the publisher's values",
					List.of());
			if (this.options.verifyAfterCatchUp()) {
				step = Step.VERIFY;
				started = System.nanoTime();
				this.verification = requireEqual(new Verifier(this.pair, this.options.verifyOptions()).run());
				done(step, started, this.verification.rowsCompared() + " rows equal", List.of());
			}
			step = Step.FINISH;
			started = System.nanoTime();
			subscriber.execute(finish.get(0));
		}
		catch (RuntimeException ex) {
			failed(step, started, ex);
			rollBack(publisher, database, previous);
			return report(false, true, ex.getMessage(), millisSince(blocked));
		}
		// the subscriber owns the data now: nothing after this point may give writes back to the publisher
		long window = millisSince(blocked);
		List<String> ran = new ArrayList<>(List.of(finish.get(0)));
		String detail = (this.options.finish() == Finish.DROP_SUBSCRIPTION) ? "subscription and slot dropped"
				: "subscription disabled, its slot kept (it retains WAL on the publisher until dropped)";
		for (String statement : finish.subList(1, finish.size())) {
			try {
				publisher.execute(statement);
				ran.add(statement);
			}
			catch (ReplicationException ex) {
				detail += "; " + ex.getMessage();
				logger.warn("pgrepl: switchover of '{}': {}", this.pair.subscription(), ex.getMessage());
			}
		}
		done(Step.FINISH, started, detail + "; writes were blocked for " + window + " ms", ran);
		return report(true, false, null, window);
	}

	private SubscriptionInfo preflightSubscription(PgSession subscriber) {
		SubscriptionInfo subscription = SubscriptionCatalog.read(subscriber, List.of(this.pair.subscription()))
			.stream()
			.findFirst()
			.orElseThrow(() -> new ReplicationException(
					"Subscription '" + this.pair.subscription() + "' does not exist on the subscriber"));
		if (!subscription.enabled() || subscription.slotName() == null) {
			throw new ReplicationException("Subscription '" + this.pair.subscription()
					+ "' is disabled or has no slot: it must be replicating to switch over; enable it");
		}
		List<TableSyncStatus> tables = SyncStatusCatalog.read(subscriber, List.of(this.pair.subscription()));
		List<String> notReady = tables.stream()
			.filter((table) -> table.state() != SyncState.READY)
			.map((table) -> table.schema() + "." + table.table() + " (" + table.state() + ")")
			.toList();
		if (tables.isEmpty() || !notReady.isEmpty()) {
			throw new ReplicationException("Not every table of subscription '" + this.pair.subscription()
					+ "' is ready: " + (tables.isEmpty() ? "it has no tables" : notReady)
					+ "; wait until the initial copy has finished");
		}
		return subscription;
	}

	private Map<String, Optional<String>> preflightPublisher(PgSession publisher, SubscriptionInfo subscription) {
		String slotName = Objects.requireNonNull(subscription.slotName());
		SlotStatus slot = SlotCatalog.read(publisher, List.of(slotName))
			.stream()
			.findFirst()
			.orElseThrow(() -> new ReplicationException("Slot '" + slotName + "' of subscription '"
					+ this.pair.subscription() + "' does not exist on the publisher"));
		Long lag = slot.lagBytes();
		if (lag == null || lag > this.options.maxLagBytes()) {
			throw new ReplicationException("Subscription '" + this.pair.subscription() + "' is " + lag
					+ " bytes behind, over the " + this.options.maxLagBytes()
					+ " allowed: switching over now would block writes while it catches up; wait, or allow more");
		}
		Map<String, Optional<String>> previous = RoleSettingCatalog.read(publisher, this.options.roles(),
				SwitchoverSql.READ_ONLY);
		List<String> unknown = this.options.roles().stream().filter((role) -> !previous.containsKey(role)).toList();
		if (!unknown.isEmpty()) {
			throw new ReplicationException("Roles " + unknown + " do not exist on the publisher; name the roles the "
					+ "application writes as");
		}
		return previous;
	}

	/**
	 * Waits until the signalled sessions are gone. {@code pg_terminate_backend(pid)} only signals: a
	 * backend ends its transaction when it next checks for interrupts, and one already in its
	 * {@code COMMIT} finishes it first, so a write could commit after the WAL position the subscriber
	 * is then waited for. Writes have stopped once the sessions are gone from
	 * {@code pg_stat_activity} (a backend leaves it after aborting its transaction). They are polled
	 * together: {@code pg_terminate_backend(pid, timeout)} (14+) would wait for one at a time.
	 * @return how many sessions were ended
	 */
	private int awaitEnded(PgSession publisher, List<Backend> signalled) {
		if (signalled.isEmpty()) {
			return 0;
		}
		String[] pids = signalled.stream().map(Backend::pid).toArray(String[]::new);
		String[] starts = signalled.stream().map(Backend::backendStart).toArray(String[]::new);
		Duration timeout = this.options.catchUpTimeout();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			List<Integer> running = publisher.query(SwitchoverSql.STILL_RUNNING, (rs) -> rs.getInt(1), pids, starts);
			if (running.isEmpty()) {
				return signalled.size();
			}
			if (System.nanoTime() > deadline) {
				throw new ReplicationException("Sessions " + running + " of " + this.options.roles()
						+ " did not end within " + timeout + " of pg_terminate_backend; a write of theirs could "
						+ "still commit, so writes were given back. See what they run in pg_stat_activity");
			}
			try {
				Thread.sleep(POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ReplicationException("Interrupted while waiting for sessions " + running + " to end");
			}
		}
	}

	private List<String> stopStatements(String database) {
		List<String> statements = new ArrayList<>();
		for (String role : this.options.roles()) {
			statements.add(SwitchoverSql.readOnly(role, database));
		}
		statements.add(SwitchoverSql.terminate(this.options.roles()));
		return statements;
	}

	private List<String> finishStatements(SubscriptionInfo subscription) {
		List<String> statements = new ArrayList<>();
		statements.add((this.options.finish() == Finish.DROP_SUBSCRIPTION) ? SubscriptionSql.drop(subscription.name())
				: SubscriptionSql.disable(subscription.name()));
		if (this.options.dropPublications()) {
			subscription.publications().forEach((publication) -> statements.add(PublicationSql.drop(publication, false)));
		}
		return statements;
	}

	private void plan(List<String> stop, List<String> finish) {
		this.steps.add(new SwitchoverStep(Step.STOP_WRITES, Outcome.PLANNED, "make the roles' new sessions read-only "
				+ "in the publisher database, end their sessions and wait up to " + this.options.catchUpTimeout()
				+ " until they are gone", stop, 0));
		this.steps.add(new SwitchoverStep(Step.CATCH_UP, Outcome.PLANNED, "wait up to "
				+ this.options.catchUpTimeout() + " until the subscriber holds pg_current_wal_insert_lsn()", List.of(), 0));
		this.steps.add(new SwitchoverStep(Step.SYNC_SEQUENCES, Outcome.PLANNED,
				"set the subscriber's sequences to the publisher's values, plus " + this.options.sequenceMargin(),
				List.of(), 0));
		this.steps.add(new SwitchoverStep(Step.VERIFY, this.options.verifyAfterCatchUp() ? Outcome.PLANNED
				: Outcome.SKIPPED, "compare every table", List.of(), 0));
		this.steps.add(new SwitchoverStep(Step.FINISH, Outcome.PLANNED, "finish the subscription: "
				+ this.options.finish(), finish, 0));
		this.steps.forEach((step) -> logger.info("pgrepl: switchover of '{}' (dry run): {} {}: {} {}",
				this.pair.subscription(), step.step(), step.outcome(), step.detail(), step.statements()));
	}

	private void rollBack(PgSession publisher, String database, Map<String, Optional<String>> previous) {
		long started = System.nanoTime();
		List<String> statements = new ArrayList<>();
		previous.forEach((role, value) -> statements.add(SwitchoverSql.restore(role, database, value)));
		try {
			statements.forEach(publisher::execute);
			done(Step.ROLLBACK, started, "writes restored on the publisher; the subscription keeps replicating",
					statements);
		}
		catch (ReplicationException ex) {
			failed(Step.ROLLBACK, started, ex);
			logger.error("pgrepl: switchover of '{}' could not restore writes on the publisher; run: {}",
					this.pair.subscription(), statements);
		}
	}

	private VerifyReport requireEqual(VerifyReport report) {
		if (!report.equal()) {
			throw new ReplicationException("Verification found differences in " + report.differing()
				.stream()
				.map((table) -> table.table().toString())
				.toList());
		}
		return report;
	}

	private void done(Step step, long started, String detail, List<String> statements) {
		SwitchoverStep done = new SwitchoverStep(step, Outcome.DONE, detail, statements, millisSince(started));
		this.steps.add(done);
		logger.info("pgrepl: switchover of '{}': {} done in {} ms: {}", this.pair.subscription(), step, done.millis(),
				detail);
	}

	private void failed(Step step, long started, RuntimeException ex) {
		this.steps.add(new SwitchoverStep(step, Outcome.FAILED, String.valueOf(ex.getMessage()), List.of(),
				millisSince(started)));
		logger.warn("pgrepl: switchover of '{}': {} failed: {}", this.pair.subscription(), step, ex.getMessage());
	}

	private SwitchoverReport report(boolean completed, boolean rolledBack, @Nullable String failure,
			@Nullable Long window) {
		return new SwitchoverReport(this.pair.subscription(), this.options.dryRun(), completed, rolledBack, failure,
				this.steps, window, this.sequences, this.verification);
	}

	private static long millisSince(long started) {
		return (System.nanoTime() - started) / 1_000_000;
	}

	/** A session signalled to end: its pid, and its start, which tells it from a later one with the same pid. */
	private record Backend(String pid, String backendStart) {

		static Backend read(ResultSet rs) throws SQLException {
			return new Backend(rs.getString(1), rs.getString(2));
		}

	}

}
