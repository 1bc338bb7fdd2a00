package io.pgrepl.core.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.pgrepl.core.model.ColumnDefinition;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.Feature;
import io.pgrepl.core.model.Message;
import io.pgrepl.core.model.PgVersion;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.model.TableDefinition;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.plan.PlanAction.Kind;
import io.pgrepl.core.schema.DeferredDdl;
import io.pgrepl.core.schema.SubscriberTables;
import io.pgrepl.core.status.DeferredObjects;
import io.pgrepl.core.status.SubscriptionInfo;
import io.pgrepl.core.subscription.SubscriptionOptions;
import io.pgrepl.core.subscription.SubscriptionSql;

/**
 * The part of a {@link Plan} for one subscription. Order matters: DISABLE before options that
 * PostgreSQL alters only on a disabled subscription, missing tables before ENABLE (so the worker
 * does not fail on them), ENABLE before {@code REFRESH PUBLICATION} and {@code SET PUBLICATION}
 * with refresh (both refused on a disabled subscription).
 */
final class SubscriptionPlanner {

	private SubscriptionPlanner() {
	}

	static void plan(DesiredSubscription desired, CatalogSnapshot snapshot, List<PlanAction> actions,
			List<Message> warnings) {
		String name = desired.name();
		SubscriptionDefinition definition = desired.definition();
		String secret = definition.connectionString().password();
		PublisherSnapshot publisher = Objects.requireNonNull(snapshot.publishers().get(name));
		SubscriberTables tables = publisher.tables();
		SubscriptionInfo current = snapshot.subscriptions().get(name);
		if (current == null) {
			if (publisher.preflight() != null) {
				publisher.preflight()
					.warnings()
					.forEach((warning) -> warnings.add(Message.of("subscription '" + name + "': " + warning)));
			}
			createTables(desired, tables, actions);
			actions.add(createSubscription(desired, publisher, snapshot.version()));
			return;
		}
		boolean enabled = definition.enabled();
		if (!enabled && current.enabled()) {
			actions.add(PlanAction.of(Kind.DISABLE_SUBSCRIPTION, name, "disable subscription '" + name + "'",
					PlanStatement.onSubscriber(SubscriptionSql.disable(name))));
		}
		ConnInfo connection = current.connectionString();
		// subconninfo is hidden from roles that may not read it: then the connection cannot be compared.
		if (connection != null && !connection.equals(definition.connectionString())) {
			actions.add(PlanAction.of(Kind.ALTER_CONNECTION, name,
					"connect subscription '" + name + "' to " + definition.connectionString(),
					PlanStatement.onSubscriber(SubscriptionSql.setConnection(name, definition.connectionString()), secret)));
		}
		alterOptions(desired, current, snapshot.version(), !current.enabled() || !enabled, actions,
				warnings);
		if (current.slotName() != null && !current.slotName().equals(desired.slotName())) {
			warnings.add(Message.of("subscription '" + name + "' uses slot '" + current.slotName() + "' but ",
					desired.settingRef().setting(Setting.SLOT_NAME), " says '" + desired.slotName() + "'; pgrepl does "
							+ "not move a subscription to another slot: drop the subscription to have it created again, or "
							+ "correct the setting"));
		}
		if (!tables.missingColumns().isEmpty() && !desired.createTables()) {
			warnings.add(Message.of("subscription '" + name + "': " + tables.missingColumns().entrySet()
				.stream()
				.map((entry) -> entry.getKey() + " lacks published columns " + String.join(", ", entry.getValue()))
				.toList() + "; add them here, or changes to those tables cannot be applied"));
		}
		createTables(desired, tables, actions);
		buildDeferred(desired, snapshot, actions);
		if (enabled && !current.enabled()) {
			actions.add(PlanAction.of(Kind.ENABLE_SUBSCRIPTION, name, "enable subscription '" + name + "'",
					PlanStatement.onSubscriber(SubscriptionSql.enable(name))));
		}
		if (!publisher.reachable()) {
			// SET PUBLICATION and REFRESH ask the publisher: left for a reconcile that reaches it
			return;
		}
		if (!Set.copyOf(current.publications()).equals(Set.copyOf(definition.publications()))) {
			actions.add(PlanAction.of(Kind.SET_PUBLICATION, name, "subscribe '" + name + "' to "
					+ String.join(", ", definition.publications()) + (enabled ? "" : " (no refresh while disabled)"),
					PlanStatement.onSubscriber(
							SubscriptionSql.setPublications(name, definition.publications(), enabled, definition.copyData()))));
			return;
		}
		List<TableName> subscribed = snapshot.subscribedTables().getOrDefault(name, List.of());
		List<TableName> added = publisher.publishedTables().stream().filter((table) -> !subscribed.contains(table)).toList();
		// A table no longer published stays in pg_subscription_rel, counted as ready, until a refresh.
		List<TableName> removed = subscribed.stream()
			.filter((table) -> !publisher.publishedTables().contains(table))
			.toList();
		if (added.isEmpty() && !removed.isEmpty() && enabled) {
			actions.add(PlanAction.of(Kind.REFRESH_PUBLICATION, name,
					"refresh subscription '" + name + "' for " + PublicationPlanner.names(removed) + " no longer published",
					PlanStatement.onSubscriber(SubscriptionSql.refresh(name, definition.copyData()))));
			return;
		}
		if (added.isEmpty()) {
			return;
		}
		if (!enabled) {
			warnings.add(Message.of("the publisher publishes " + PublicationPlanner.names(added)
					+ " but disabled subscription '" + name + "' lacks them; PostgreSQL refreshes only an enabled "
					+ "subscription: enable it to pick them up"));
		}
		else if (!tables.toCreate().isEmpty() && !desired.createTables()) {
			warnings.add(Message.of("the publisher publishes " + PublicationPlanner.names(added) + " but subscription '"
					+ name + "' is not refreshed because tables " + names(tables) + " do not exist here; create them or set ",
					desired.settingRef().setting(Setting.CREATE_TABLES), " to true"));
		}
		else {
			actions.add(PlanAction.of(Kind.REFRESH_PUBLICATION, name,
					"refresh subscription '" + name + "' for " + PublicationPlanner.names(added),
					PlanStatement.onSubscriber(SubscriptionSql.refresh(name, definition.copyData()))));
		}
	}

	/**
	 * {@code CREATE SUBSCRIPTION}, after {@code pg_create_logical_replication_slot} on the publisher
	 * when that is in the same cluster: there {@code CREATE SUBSCRIPTION} with
	 * {@code create_slot = true} never returns, because creating a logical slot waits for every
	 * running transaction to end, its own included. If subscribing then fails, the slot is dropped
	 * again.
	 */
	private static PlanAction createSubscription(DesiredSubscription desired, PublisherSnapshot publisher,
			PgVersion version) {
		String name = desired.name();
		SubscriptionDefinition definition = desired.definition();
		String slotName = desired.slotName();
		boolean slotFirst = definition.createSlot() && publisher.sameCluster();
		String description = "create subscription '" + name + "' to " + String.join(", ", definition.publications())
				+ " at " + definition.connectionString();
		PlanStatement subscribe = PlanStatement.onSubscriber(
				SubscriptionSql.create(name, definition, slotName, definition.createSlot() && !slotFirst, version),
				definition.connectionString().password());
		if (!slotFirst) {
			return PlanAction.of(Kind.CREATE_SUBSCRIPTION, name, description, subscribe);
		}
		// One cluster, one server: the publisher's version is this database's.
		PlanStatement createSlot = PlanStatement.onPublisher(SubscriptionSql.createSlot(slotName, definition, version))
			.undoneBy(SubscriptionSql.dropSlot(slotName));
		return PlanAction.of(Kind.CREATE_SUBSCRIPTION, name, description + " (the publisher is in the same cluster: "
				+ "slot '" + slotName + "' is created there first, CREATE SUBSCRIPTION would wait for itself)",
				createSlot, subscribe);
	}

	/**
	 * One transaction for all of the subscriber's DDL (types, sequences, tables, constraints,
	 * indexes, and the columns existing tables lack), so that a failure leaves nothing half-made.
	 */
	private static void createTables(DesiredSubscription desired, SubscriberTables tables, List<PlanAction> actions) {
		if (!desired.createTables() || !tables.hasWork(true)) {
			return;
		}
		List<String> what = new ArrayList<>();
		if (!tables.toCreate().isEmpty()) {
			what.add("create " + names(tables));
		}
		tables.addColumns().forEach((table, columns) -> what.add("add columns "
				+ String.join(", ", columns.stream().map(ColumnDefinition::name).toList()) + " to " + table));
		actions.add(PlanAction.inTransaction(Kind.CREATE_TABLES, desired.name(), String.join("; ", what)
				+ " from the publisher's definitions for subscription '" + desired.name() + "'",
				tables.statements(true, desired.name()).stream().map(PlanStatement::onSubscriber).toList()));
	}

	/**
	 * The secondary indexes and constraints of tables pgrepl created, once their copy is done: each
	 * table's in one transaction with forgetting them, so a restart neither repeats nor loses any.
	 */
	private static void buildDeferred(DesiredSubscription desired, CatalogSnapshot snapshot, List<PlanAction> actions) {
		for (DeferredObjects objects : snapshot.deferred().getOrDefault(desired.name(), List.of())) {
			if (objects.ready()) {
				actions.add(PlanAction.inTransaction(Kind.BUILD_DEFERRED, desired.name(), "build the "
						+ (objects.afterAll() ? "foreign keys" : "indexes and constraints") + " of " + objects.table()
						+ " deferred until subscription '" + desired.name() + "' copied "
						+ (objects.afterAll() ? "all its tables" : "it"),
						DeferredDdl.build(objects).stream().map(PlanStatement::onSubscriber).toList()));
			}
		}
	}

	/**
	 * ALTER SUBSCRIPTION ... SET for options that differ. {@code two_phase} (alterable from 18) and
	 * {@code failover} (17) change only while the subscription is disabled.
	 */
	private static void alterOptions(DesiredSubscription desired, SubscriptionInfo current,
			PgVersion version, boolean disabledMeanwhile, List<PlanAction> actions, List<Message> warnings) {
		String name = desired.name();
		Map<String, String> have = SubscriptionOptions.current(current, version);
		Map<String, String> alter = new LinkedHashMap<>();
		SubscriptionOptions.gated(desired.definition(), version).forEach((keyword, value) -> {
			String now = have.get(keyword);
			if (now == null || now.equals(value)) {
				return;
			}
			boolean needsDisabled = keyword.equals("two_phase") || keyword.equals("failover");
			if (keyword.equals("two_phase") && !version.supports(Feature.ALTER_TWO_PHASE)) {
				warnings.add(Message.of("subscription '" + name + "' has two_phase = " + now + " but ",
						desired.settingRef().setting(Setting.TWO_PHASE), " says " + value + "; PostgreSQL "
								+ version.major() + " cannot alter two_phase (18 can): drop the subscription to have it "
								+ "created again"));
			}
			else if (needsDisabled && !disabledMeanwhile) {
				warnings.add(Message.of("subscription '" + name + "' has " + keyword + " = " + now
						+ " but the setting says " + value + "; PostgreSQL alters " + keyword
						+ " only on a disabled subscription: start once with ",
						desired.settingRef().setting(Setting.ENABLED), " = false, then enable it again"));
			}
			else {
				alter.put(keyword, value);
			}
		});
		if (!alter.isEmpty()) {
			actions.add(PlanAction.of(Kind.ALTER_SUBSCRIPTION, name,
					"set " + alter + " on subscription '" + name + "' (was " + have.entrySet()
						.stream()
						.filter((entry) -> alter.containsKey(entry.getKey()))
						.toList() + ")",
					PlanStatement.onSubscriber(SubscriptionSql.setOptions(name, alter))));
		}
	}

	private static String names(SubscriberTables tables) {
		return PublicationPlanner.names(tables.toCreate().stream().map(TableDefinition::table).toList());
	}

}
