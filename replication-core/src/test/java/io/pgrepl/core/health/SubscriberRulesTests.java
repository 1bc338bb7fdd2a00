package io.pgrepl.core.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.ConflictCounts;
import io.pgrepl.core.status.SlotStatus;
import io.pgrepl.core.status.SubscriptionStats;
import io.pgrepl.core.status.SyncState;
import io.pgrepl.core.status.TableSyncStatus;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The subscription rules on records, without a server: the error counters in particular. */
class SubscriberRulesTests {

	private static final HealthThresholds THRESHOLDS = HealthThresholds.DEFAULTS;

	@Test
	void errorsWhileTheWorkerIsNotRunningAreOneIssueSayingWhatToDo() {
		SubscriptionHealth health = evaluate(stats(true, null, 2L, 0L), List.of(), caughtUp());

		assertThat(health.issues()).singleElement()
			.asString()
			.startsWith("the apply worker of subscription 'orders_sub' is not running after 2 apply errors and 0 "
					+ "sync errors since the statistics were reset at 2025-01-01T00:00:00Z")
			.contains("see the subscriber's server log")
			.doesNotContain("SKIP")
			.doesNotContain("unique violation");
	}

	@Test
	void errorsWithUniqueConflictsAdviseSkippingTheTransaction() {
		SubscriptionStats stats = new SubscriptionStats(16384, "orders_sub", true, "orders_sub", null, null, null, null,
				null, null, 2L, 0L, new ConflictCounts(2, 0, 0, 0, 0, 0, 0), Instant.parse("2025-01-01T00:00:00Z"));

		SubscriptionHealth health = evaluate(stats, List.of(), caughtUp());

		assertThat(health.issues()).singleElement()
			.asString()
			.contains("2 insert_exists")
			.contains("unique violation")
			.contains("ALTER SUBSCRIPTION \"orders_sub\" SKIP");
	}

	@Test
	void errorsWhileThePublisherIsUnreachableSayPublisherUnreachable() {
		SubscriptionHealth health = evaluate(stats(true, null, 0L, 8L),
				List.of(table("orders", SyncState.COPYING, null)),
				SlotLookup.failed("Cannot connect to the publisher: Connection refused"));

		assertThat(health.issues()).first()
			.asString()
			.contains("publisher unreachable (Cannot connect to the publisher: Connection refused)")
			.doesNotContain("SKIP")
			.doesNotContain("unique violation");
	}

	@Test
	void pastErrorsWhileReplicationFlowsAreAWarningOnly() {
		SubscriptionHealth health = evaluate(stats(true, 42, 3L, 1L), List.of(), caughtUp());

		assertThat(health.healthy()).isTrue();
		assertThat(health.warnings()).singleElement()
			.asString()
			.contains("3 apply errors and 1 sync errors")
			.contains("past errors")
			.contains("SELECT pg_stat_reset_subscription_stats(16384)");
	}

	@Test
	void errorsWhileLagIsAboveItsWarningThresholdAreAnIssue() {
		SubscriptionHealth health = evaluate(stats(true, 42, 1L, 0L), List.of(), behind(100L * 1024 * 1024));

		assertThat(health.issues()).singleElement().asString().contains("1 apply errors and 0 sync errors")
			.contains("is not keeping up");
		assertThat(health.warnings()).singleElement().asString().startsWith("lag of subscription 'orders_sub' is 100 MB");
	}

	@Test
	void syncErrorsWithATableStuckCopyingAreAnIssueNamingTheTable() {
		List<TableSyncStatus> tables = List.of(table("big", SyncState.COPYING, null),
				table("small", SyncState.COPYING, 4711), table("done", SyncState.READY, null));

		SubscriptionHealth health = evaluate(stats(true, 42, 0L, 2L), tables, caughtUp());

		assertThat(health.tables().stuckCopying()).extracting(TableSyncStatus::table).containsExactly("big");
		assertThat(health.tables().counts()).isEqualTo(new SyncStateCounts(0, 2, 0, 0, 1));
		assertThat(health.issues()).singleElement().asString().contains("tables stuck copying: public.big");
	}

	@Test
	void withoutCountersAsOnPostgres14AWorkerThatIsNotRunningIsStillAnIssue() {
		SubscriptionHealth health = evaluate(stats(true, null, null, null), List.of(), SlotLookup.NOT_CONSULTED);

		assertThat(health.counters().applyErrors()).isNull();
		assertThat(health.issues()).singleElement()
			.asString()
			.startsWith("the apply worker of subscription 'orders_sub' is not running although the subscription is "
					+ "enabled");
		assertThat(health.slot().lag()).isNull();
		assertThat(health.slot().lagBytes()).isNull();
	}

	@Test
	void aTableStuckCopyingWithoutErrorCountersIsAWarning() {
		SubscriptionHealth health = evaluate(stats(true, 42, null, null),
				List.of(table("big", SyncState.FINISHED_COPY, null)), caughtUp());

		assertThat(health.healthy()).isTrue();
		assertThat(health.warnings()).singleElement().asString().startsWith("tables public.big of subscription");
	}

	@Test
	void aSubscriptionDisabledOnPurposeHasLagAsWarningsOnly() {
		SubscriptionHealth health = SubscriberRules.evaluate(stats(false, null, 0L, 0L), List.of(),
				behind(2L * 1024 * 1024 * 1024), THRESHOLDS, false);

		assertThat(health.issues()).isEmpty();
		assertThat(health.warnings()).singleElement().asString().contains("above the critical threshold 1.0 GB");
	}

	@Test
	void aReconnectedSubscriberWithABacklogHasUnknownLagAndTheBytesJudge() {
		long backlog = 2L * 1024 * 1024 * 1024;
		SlotLookup reconnected = SlotLookup.found(new SlotStatus("orders_sub", true, 7, false, false, "reserved", null,
				backlog, backlog, null, null, "orders_sub", null, null, null));

		SubscriptionHealth health = evaluate(stats(true, 42, 0L, 0L), List.of(), reconnected);

		assertThat(health.slot().lag()).isNull();
		assertThat(health.slot().lagSeconds()).isNull();
		assertThat(health.slot().lagBytes()).isEqualTo(backlog);
		assertThat(health.issues()).singleElement().asString().contains("above the critical threshold 1.0 GB");
	}

	@Test
	void aSlotMissingOnThePublisherAndAnUnreachablePublisherAreIssues() {
		SubscriptionHealth missing = evaluate(stats(true, 42, 0L, 0L), List.of(), SlotLookup.found(null));
		SubscriptionHealth unreachable = evaluate(stats(true, 42, 0L, 0L), List.of(),
				SlotLookup.failed("Cannot connect to the publisher: Connection refused"));

		assertThat(missing.issues()).singleElement()
			.asString()
			.startsWith("slot 'orders_sub' of subscription 'orders_sub' does not exist on the publisher")
			.contains("SELECT pg_create_logical_replication_slot('orders_sub', 'pgoutput')");
		assertThat(unreachable.healthy()).isFalse();
		assertThat(unreachable.issues()).singleElement()
			.asString()
			.startsWith("cannot reach the publisher to read slot 'orders_sub'")
			.contains("Connection refused");
	}

	@Test
	void conflictsOnPostgres18AreAWarningListingTheNonZeroCounters() {
		SubscriptionStats stats = new SubscriptionStats(16384, "orders_sub", true, "orders_sub", 42, null, null, null,
				null, null, 0L, 0L, new ConflictCounts(0, 0, 0, 3, 0, 1, 0), null);

		SubscriptionHealth health = evaluate(stats, List.of(), caughtUp());

		assertThat(health.warnings()).singleElement()
			.asString()
			.startsWith("subscription 'orders_sub' met 4 conflicts since the statistics began (update_missing 3, "
					+ "delete_missing 1)");
	}

	@Test
	void aTableWhoseTableSyncSlotIsLostIsAnIssueNamingItAndTheTablesToTruncateBeforeTheRecreate() {
		List<TableSyncStatus> tables = List.of(table("events", SyncState.FINISHED_COPY, null),
				table("Bulk", SyncState.COPYING, 4242), table("items", SyncState.READY, null));
		SubscriptionHealth copying = evaluate(stats(true, 42, 0L, 3L), tables, caughtUp());

		SubscriptionHealth lost = SubscriberRules.withLostSyncSlots(copying,
				List.of(new TableName("public", "events")));

		assertThat(SubscriberRules.withLostSyncSlots(copying, List.of())).isSameAs(copying);
		assertThat(lost.healthy()).isFalse();
		assertThat(lost.issues()).containsAll(copying.issues())
			.last()
			.asString()
			.startsWith("tables public.events of subscription 'orders_sub' can never finish their initial sync")
			.contains("Recreate the subscription: DROP SUBSCRIPTION \"orders_sub\", TRUNCATE \"public\".\"events\", "
					+ "\"public\".\"Bulk\", \"public\".\"items\" (the copy would otherwise meet the rows already there)");
		assertThat(lost.warnings()).isEqualTo(copying.warnings());
	}

	private static SubscriptionHealth evaluate(SubscriptionStats stats, List<TableSyncStatus> tables,
			SlotLookup lookup) {
		return SubscriberRules.evaluate(stats, tables, lookup, THRESHOLDS, true);
	}

	private static SubscriptionStats stats(boolean enabled, @Nullable Integer workerPid, @Nullable Long applyErrors,
			@Nullable Long syncErrors) {
		Instant reset = (applyErrors != null) ? Instant.parse("2025-01-01T00:00:00Z") : null;
		return new SubscriptionStats(16384, "orders_sub", enabled, "orders_sub", workerPid, null, null, null, null,
				null, applyErrors, syncErrors, null, reset);
	}

	private static TableSyncStatus table(String name, SyncState state, @Nullable Integer syncWorkerPid) {
		return new TableSyncStatus("orders_sub", "public", name, state, null, syncWorkerPid);
	}

	private static SlotLookup caughtUp() {
		return behind(0);
	}

	private static SlotLookup behind(long bytes) {
		return SlotLookup.found(new SlotStatus("orders_sub", true, 7, false, false, "reserved", null, bytes, bytes,
				null, null, "orders_sub", Duration.ZERO, Duration.ZERO, Duration.ZERO));
	}

}
