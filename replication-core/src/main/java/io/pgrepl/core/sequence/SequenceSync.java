package io.pgrepl.core.sequence;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.pgrepl.core.internal.catalog.SequenceCatalog;
import io.pgrepl.core.internal.catalog.SubscriptionCatalog;
import io.pgrepl.core.internal.catalog.TableCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.ReplicationArgumentException;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.model.SubscriptionPair;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.sequence.SequenceSql.Target;
import io.pgrepl.core.sequence.SequenceSyncResult.Outcome;
import io.pgrepl.core.status.SequenceInfo;
import io.pgrepl.core.status.SequenceValue;
import io.pgrepl.core.status.SubscriptionInfo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the subscriber's sequences to the publisher's values, which logical replication does not
 * carry before PostgreSQL 19. The sequences are those owned by the published tables (identity and
 * serial columns) and those listed. Each side is read in one query and the subscriber is set in
 * one statement, whatever the number of sequences:
 *
 * <pre>{@code
 * select setval(v.seq::regclass, v.last_value, v.is_called)
 * from (values ('"public"."orders_id_seq"', 1042::bigint, true)) as v(seq, last_value, is_called)
 * }</pre>
 *
 * Each sequence gets the publisher's {@code last_value} and {@code is_called}, so the subscriber's
 * next {@code nextval} returns what the publisher's would: a sequence never used on the publisher
 * ({@code is_called} false, {@code pg_sequences.last_value} NULL) hands out its {@code last_value}
 * itself, not the one after it. A sequence is never moved back: one whose next value is already at
 * or past the target's is left alone.
 */
public final class SequenceSync {

	private static final Logger logger = LoggerFactory.getLogger("io.pgrepl");

	private final SubscriptionPair pair;

	private final List<TableName> listed;

	private final boolean createMissing;

	private final long safetyMargin;

	/**
	 * @param pair the subscription and its servers
	 * @param listed sequences to sync besides those the published tables own
	 * @param createMissing whether standalone sequences the subscriber lacks are created (as the
	 * subscription's tables are when it creates them)
	 * @param safetyMargin added to each publisher value in the direction of the increment, for
	 * values handed out on the publisher after the sync; zero or more
	 */
	public SequenceSync(SubscriptionPair pair, List<TableName> listed, boolean createMissing, long safetyMargin) {
		if (safetyMargin < 0) {
			throw new ReplicationArgumentException("safetyMargin", "The safety margin must not be negative");
		}
		this.pair = pair;
		this.listed = List.copyOf(listed);
		this.createMissing = createMissing;
		this.safetyMargin = safetyMargin;
	}

	/** Syncs the sequences once. */
	public SequenceSyncReport run() {
		try (PgSession subscriber = PgSession.open(this.pair.subscriber(), Side.SUBSCRIBER, this.pair.secrets())) {
			List<String> publications = publications(subscriber);
			List<SequenceInfo> sequences;
			try (PgSession publisher = PgSession.open(this.pair.publisher(), Side.PUBLISHER, this.pair.secrets())) {
				sequences = SequenceCatalog.read(publisher, TableCatalog.publishedTables(publisher, publications),
						this.listed);
			}
			Set<TableName> found = sequences.stream().map(SequenceInfo::name).collect(Collectors.toSet());
			List<TableName> notOnPublisher = this.listed.stream().filter((name) -> !found.contains(name)).toList();
			List<@Nullable SequenceInfo> counterparts = sequences.isEmpty() ? List.of()
					: SequenceCatalog.counterparts(subscriber, sequences);
			List<SequenceSyncResult> results = new ArrayList<>();
			List<Target> targets = new ArrayList<>();
			for (int i = 0; i < sequences.size(); i++) {
				results.add(plan(subscriber, sequences.get(i), counterparts.get(i), targets));
			}
			if (!targets.isEmpty()) {
				subscriber.execute(SequenceSql.setValues(targets));
			}
			SequenceSyncReport report = new SequenceSyncReport(this.pair.subscription(), results, notOnPublisher,
					this.safetyMargin);
			logger.info("pgrepl: synced {} of {} sequences of subscription '{}'{}", targets.size(), results.size(),
					this.pair.subscription(), report.complete() ? ""
							: "; missing on the subscriber: " + report.missing() + ", not on the publisher: "
									+ notOnPublisher);
			return report;
		}
	}

	private SequenceSyncResult plan(PgSession subscriber, SequenceInfo source, @Nullable SequenceInfo counterpart,
			List<Target> targets) {
		SequenceValue value = source.value();
		if (!source.readable() || value == null) {
			return result(source, counterpart, null, Outcome.UNREADABLE);
		}
		boolean created = false;
		if (counterpart == null) {
			if (!this.createMissing || source.ownedBy() != null) {
				// an identity or serial sequence comes with its table: creating it alone would not attach it
				return result(source, null, null, Outcome.MISSING);
			}
			subscriber.execute(SequenceSql.create(source));
			counterpart = new SequenceInfo(source.name(), null, null, source.dataType(), source.increment(),
					source.minValue(), source.maxValue(), true, null);
			created = true;
		}
		// the margin moves last_value and keeps is_called, so it moves the next nextval by as much
		boolean ascending = counterpart.increment() > 0;
		long moved = saturatedAdd(value.lastValue(), ascending ? this.safetyMargin : -this.safetyMargin);
		SequenceValue target = new SequenceValue(
				Math.max(counterpart.minValue(), Math.min(moved, counterpart.maxValue())), value.isCalled());
		SequenceValue before = counterpart.value();
		if (before != null) {
			long next = next(before, counterpart.increment());
			long targetNext = next(target, counterpart.increment());
			if (ascending ? next >= targetNext : next <= targetNext) {
				return result(source, counterpart, before, Outcome.AHEAD);
			}
		}
		targets.add(new Target(counterpart.name().quoted(), target));
		return new SequenceSyncResult(source.name(), counterpart.name(), source.ownedBy(), source.column(), value,
				before, target, created ? Outcome.CREATED : Outcome.SET);
	}

	/** What {@code nextval} returns next, ignoring bounds: {@code last_value} itself until it was called. */
	private static long next(SequenceValue value, long increment) {
		return value.isCalled() ? saturatedAdd(value.lastValue(), increment) : value.lastValue();
	}

	private static SequenceSyncResult result(SequenceInfo source, @Nullable SequenceInfo counterpart,
			@Nullable SequenceValue unchanged, Outcome outcome) {
		return new SequenceSyncResult(source.name(), (counterpart != null) ? counterpart.name() : null,
				source.ownedBy(), source.column(), source.value(), unchanged, unchanged, outcome);
	}

	private List<String> publications(PgSession subscriber) {
		List<SubscriptionInfo> subscriptions = SubscriptionCatalog.read(subscriber, List.of(this.pair.subscription()));
		if (subscriptions.isEmpty()) {
			throw new ReplicationException("Subscription '" + this.pair.subscription()
					+ "' does not exist on the subscriber; its sequences cannot be synced");
		}
		return subscriptions.get(0).publications();
	}

	private static long saturatedAdd(long value, long delta) {
		long sum = value + delta;
		// overflow only when both have the same sign and the sum's differs
		if (((value ^ sum) & (delta ^ sum)) < 0) {
			return (delta > 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
		}
		return sum;
	}

}
