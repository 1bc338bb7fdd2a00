package io.pgrepl.core.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.pgrepl.core.model.ColumnDefinition;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.Operation;
import io.pgrepl.core.model.Origin;
import io.pgrepl.core.model.PgVersion;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.PublicationTable;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SettingNames;
import io.pgrepl.core.model.SettingRef;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.model.Streaming;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.model.TableDefinition;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.plan.PlanAction.Kind;
import io.pgrepl.core.preflight.PreflightReport;
import io.pgrepl.core.schema.SubscriberTables;
import io.pgrepl.core.status.PublicationInfo;
import io.pgrepl.core.status.ReplicaIdentityColumns;
import io.pgrepl.core.status.RowFilter;
import io.pgrepl.core.status.SubscriptionInfo;
import io.pgrepl.core.status.TableWithoutReplicaIdentity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The planning rules, on records alone: no server. */
class PlannerTests {

	private static final String PASSWORD = "pw-Xy9!secret";

	private static final ConnInfo CONNECTION = ConnInfo.builder()
		.host("pub.internal")
		.port(5432)
		.database("app")
		.user("rep")
		.password(PASSWORD)
		.build();

	private static final SettingRef PUBLICATION = SettingRef.publication("orders_pub");

	private static final SettingRef SUBSCRIPTION = SettingRef.subscription("orders_sub");

	private static final TableName ORDERS = TableName.parse("orders");

	private static final TableName USERS = TableName.parse("users");

	private static final TableName AUDIT = TableName.parse("audit");

	@Test
	void missingObjectsAreCreatedPublicationsFirstAndTablesBeforeTheSubscription() {
		DesiredState desired = state(publication(false, ORDERS), subscription(definition().build(), true));
		Snapshot snapshot = new Snapshot().existing(ORDERS).published(ORDERS).missingHere(ORDERS);

		Plan plan = Planner.plan(desired, snapshot.build(17));

		assertThat(plan.actions()).extracting(PlanAction::kind)
			.containsExactly(Kind.CREATE_PUBLICATION, Kind.CREATE_TABLES, Kind.CREATE_SUBSCRIPTION);
		assertThat(plan.actions().get(0).sql()).isEqualTo("CREATE PUBLICATION \"orders_pub\" FOR TABLE "
				+ "\"public\".\"orders\" WITH (publish = 'insert, update, delete, truncate', publish_via_partition_root = false)");
		assertThat(plan.actions().get(1).sql()).contains("CREATE TABLE \"public\".\"orders\"");
		assertThat(plan.warnings()).isEmpty();
	}

	@Test
	void eachStatementRunsOnItsSideAndOnlyCreatedTablesShareATransaction() {
		DesiredState desired = state(publication(false, ORDERS), subscription(definition().build(), true));
		Plan plan = Planner.plan(desired, new Snapshot().existing(ORDERS).published(ORDERS).missingHere(ORDERS).build(17));

		assertThat(plan.actions()).extracting(PlanAction::inTransaction).containsExactly(false, true, false);
		assertThat(plan.actions().get(0).statements()).extracting(PlanStatement::side).containsExactly(Side.PUBLISHER);
		assertThat(plan.actions().get(1).statements()).extracting(PlanStatement::side).containsOnly(Side.SUBSCRIBER);
		assertThat(plan.actions().get(2).statements()).singleElement().satisfies((statement) -> {
			assertThat(statement.side()).isEqualTo(Side.SUBSCRIBER);
			assertThat(statement.sql()).startsWith("CREATE SUBSCRIPTION \"orders_sub\" CONNECTION ")
				.contains(" WITH (copy_data = true, create_slot = true, enabled = true, slot_name = 'orders_sub'");
			assertThat(statement.undo()).isNull();
		});
	}

	@Test
	void aSubscriptionToTheSameClusterShowsItsSlotCreatedOnThePublisherFirst() {
		Snapshot snapshot = new Snapshot().published(ORDERS).sameCluster();

		Plan on17 = Planner.plan(state(subscription(definition().build(), false)), snapshot.build(17));
		Plan on16 = Planner.plan(state(subscription(definition().twoPhase(true).build(), false)), snapshot.build(16));
		Plan slotGiven = Planner.plan(state(subscription(definition().createSlot(false).build(), false)),
				snapshot.build(17));

		assertThat(on17.actions()).singleElement().satisfies((action) -> {
			assertThat(action.kind()).isEqualTo(Kind.CREATE_SUBSCRIPTION);
			assertThat(action.description()).contains("same cluster");
			assertThat(action.statements()).extracting(PlanStatement::side).containsExactly(Side.PUBLISHER, Side.SUBSCRIBER);
			assertThat(action.statements().get(0).sql())
				.isEqualTo("select pg_create_logical_replication_slot('orders_sub', 'pgoutput', false, false, false)");
			assertThat(action.statements().get(0).undo()).isEqualTo("select pg_drop_replication_slot('orders_sub')");
			assertThat(action.statements().get(1).sql()).contains("create_slot = false, enabled = true");
			assertThat(action.sql()).isEqualTo(action.statements().get(0).sql() + "; " + action.statements().get(1).sql());
		});
		assertThat(on16.actions().get(0).statements().get(0).sql())
			.isEqualTo("select pg_create_logical_replication_slot('orders_sub', 'pgoutput', false, true)");
		assertThat(slotGiven.actions()).singleElement()
			.satisfies((action) -> assertThat(action.statements()).singleElement()
				.satisfies((statement) -> assertThat(statement.sql()).contains("create_slot = false")));
	}

	@Test
	void anUnchangedStateGivesAnEmptyPlan() {
		SubscriptionDefinition definition = definition().build();
		DesiredState desired = state(publication(false, ORDERS), subscription(definition, true));
		Snapshot snapshot = new Snapshot().existing(ORDERS)
			.publication(info(false, ORDERS))
			.subscription(subscriptionInfo(definition, true))
			.published(ORDERS)
			.subscribed(ORDERS);

		assertThat(Planner.plan(desired, snapshot.build(17)).isEmpty()).isTrue();
		assertThat(Planner.plan(desired, snapshot.build(14)).isEmpty()).isTrue();
		assertThat(Planner.plan(desired, snapshot.build(18)).isEmpty()).isTrue();
	}

	@Test
	void tablesChangeByAddAndDropOnlyWithPruneAndNeverBySetTable() {
		Snapshot snapshot = new Snapshot().existing(ORDERS, USERS).publication(info(false, USERS, AUDIT));

		Plan keep = Planner.plan(state(publication(false, ORDERS, USERS)), snapshot.build(17));
		Plan prune = Planner.plan(state(new DesiredPublication("orders_pub",
				PublicationDefinition.forTables(ORDERS, USERS), true)),
				snapshot.build(17));

		assertThat(keep.actions()).extracting(PlanAction::sql)
			.containsExactly("ALTER PUBLICATION \"orders_pub\" ADD TABLE \"public\".\"orders\"");
		assertThat(prune.actions()).extracting(PlanAction::sql)
			.containsExactly("ALTER PUBLICATION \"orders_pub\" ADD TABLE \"public\".\"orders\"",
					"ALTER PUBLICATION \"orders_pub\" DROP TABLE \"public\".\"audit\"");
		assertThat(prune.actions()).allSatisfy((action) -> assertThat(action.sql()).doesNotContain("SET TABLE"));
	}

	@Test
	void changedOperationsAlterThePublicationInPlace() {
		DesiredState desired = state(new DesiredPublication("orders_pub",
				PublicationDefinition.forTables(ORDERS).withOperations(Operation.INSERT), false));
		Plan plan = Planner.plan(desired, new Snapshot().existing(ORDERS).publication(info(false, ORDERS)).build(17));

		assertThat(plan.actions()).extracting(PlanAction::sql)
			.containsExactly("ALTER PUBLICATION \"orders_pub\" SET (publish = 'insert', publish_via_partition_root = false)");
	}

	@Test
	void switchingBetweenAllTablesAndATableListIsAWarningNotAnAction() {
		DesiredState desired = state(new DesiredPublication("orders_pub", PublicationDefinition.forAllTables(), false));
		Plan plan = Planner.plan(desired, new Snapshot().publication(info(false, ORDERS)).build(17));

		assertThat(plan.actions()).isEmpty();
		assertThat(plan.warnings()).singleElement().satisfies((warning) -> {
			assertThat(warning.settings()).containsExactly(PUBLICATION.setting(Setting.ALL_TABLES));
			assertThat(warning.render(SettingNames.CORE)).contains("publication 'orders_pub' allTables is true")
				.contains("cannot change that in place");
		});
	}

	@Test
	void passwordsAreMaskedInEverythingShown() {
		SubscriptionDefinition definition = definition().build();
		ConnInfo changed = CONNECTION.with("host", "other.internal");
		Plan create = Planner.plan(state(subscription(definition, false)), new Snapshot().published(ORDERS).build(17));
		Plan alter = Planner.plan(state(subscription(definition().connectionString(changed).build(), false)),
				new Snapshot().subscription(subscriptionInfo(definition, true)).published(ORDERS).subscribed(ORDERS).build(17));

		assertThat(alter.actions()).extracting(PlanAction::kind).containsExactly(Kind.ALTER_CONNECTION);
		for (Plan plan : List.of(create, alter)) {
			assertThat(plan.describe()).contains(ConnInfo.MASK).doesNotContain(PASSWORD);
			assertThat(plan.actions()).allSatisfy((action) -> {
				assertThat(action.sql()).doesNotContain(PASSWORD);
				assertThat(action.description()).doesNotContain(PASSWORD);
				assertThat(action.toString()).doesNotContain(PASSWORD);
				assertThat(action.statements()).anySatisfy((statement) -> {
					assertThat(statement.sql()).doesNotContain(PASSWORD);
					assertThat(statement.toString()).doesNotContain(PASSWORD);
					assertThat(statement.executed()).contains(PASSWORD);
				});
			});
		}
		assertThat(subscription(definition, false).toString()).doesNotContain(PASSWORD);
	}

	@Test
	void enabledFollowsTheDesiredState() {
		SubscriptionDefinition enabled = definition().build();
		SubscriptionDefinition disabled = definition().enabled(false).build();
		Snapshot whenEnabled = new Snapshot().subscription(subscriptionInfo(enabled, true)).published(ORDERS).subscribed(ORDERS);
		Snapshot whenDisabled = new Snapshot().subscription(subscriptionInfo(enabled, false))
			.published(ORDERS)
			.subscribed(ORDERS);

		assertThat(Planner.plan(state(subscription(disabled, false)), whenEnabled.build(17)).actions())
			.extracting(PlanAction::sql)
			.containsExactly("ALTER SUBSCRIPTION \"orders_sub\" DISABLE");
		assertThat(Planner.plan(state(subscription(enabled, false)), whenDisabled.build(17)).actions())
			.extracting(PlanAction::sql)
			.containsExactly("ALTER SUBSCRIPTION \"orders_sub\" ENABLE");
	}

	@Test
	void newlyPublishedTablesAreCreatedThenRefreshed() {
		SubscriptionDefinition definition = definition().build();
		Snapshot snapshot = new Snapshot().subscription(subscriptionInfo(definition, false))
			.published(ORDERS, USERS)
			.subscribed(ORDERS)
			.missingHere(USERS);

		Plan withCreateTables = Planner.plan(state(subscription(definition, true)), snapshot.build(17));
		Plan without = Planner.plan(state(subscription(definition, false)), snapshot.build(17));

		assertThat(withCreateTables.actions()).extracting(PlanAction::kind)
			.containsExactly(Kind.CREATE_TABLES, Kind.ENABLE_SUBSCRIPTION, Kind.REFRESH_PUBLICATION);
		assertThat(withCreateTables.actions().get(2).sql())
			.isEqualTo("ALTER SUBSCRIPTION \"orders_sub\" REFRESH PUBLICATION WITH (copy_data = true)");
		assertThat(without.actions()).extracting(PlanAction::kind).containsExactly(Kind.ENABLE_SUBSCRIPTION);
		assertThat(without.warnings()).singleElement().satisfies((warning) -> {
			assertThat(warning.settings()).containsExactly(SUBSCRIPTION.setting(Setting.CREATE_TABLES));
			assertThat(warning).asString().contains("public.users");
		});
	}

	@Test
	void aDisabledSubscriptionIsNotRefreshedButWarned() {
		SubscriptionDefinition definition = definition().enabled(false).build();
		Snapshot snapshot = new Snapshot().subscription(subscriptionInfo(definition, false))
			.published(ORDERS, USERS)
			.subscribed(ORDERS);

		Plan plan = Planner.plan(state(subscription(definition, false)), snapshot.build(17));

		assertThat(plan.actions()).isEmpty();
		assertThat(plan.warnings()).singleElement().asString().contains("refreshes only an enabled subscription");
	}

	@Test
	void changedPublicationsAreSetWithRefreshWhenEnabled() {
		SubscriptionDefinition before = definition().build();
		SubscriptionDefinition after = SubscriptionDefinition.builder(CONNECTION, "orders_pub", "users_pub").build();
		Snapshot snapshot = new Snapshot().subscription(subscriptionInfo(before, true)).published(ORDERS, USERS).subscribed(ORDERS);

		Plan plan = Planner.plan(state(subscription(after, false)), snapshot.build(17));

		assertThat(plan.actions()).extracting(PlanAction::sql)
			.containsExactly("ALTER SUBSCRIPTION \"orders_sub\" SET PUBLICATION \"orders_pub\", \"users_pub\" "
					+ "WITH (refresh = true, copy_data = true)");
	}

	@Test
	void alterableOptionsAreAlteredInOneStatement() {
		SubscriptionDefinition before = definition().build();
		SubscriptionDefinition after = definition().binary(true).streaming(Streaming.ON).origin(Origin.NONE).build();
		Snapshot snapshot = new Snapshot().subscription(subscriptionInfo(before, true)).published(ORDERS).subscribed(ORDERS);

		Plan plan = Planner.plan(state(subscription(after, false)), snapshot.build(17));

		assertThat(plan.actions()).extracting(PlanAction::sql)
			.containsExactly("ALTER SUBSCRIPTION \"orders_sub\" SET (streaming = on, binary = true, origin = 'none')");
	}

	@Test
	void twoPhaseIsAWarningBefore18AndWhileEnabledButAlteredWhenDisabledOn18() {
		SubscriptionDefinition before = definition().build();
		Snapshot snapshot = new Snapshot().subscription(subscriptionInfo(before, true)).published(ORDERS).subscribed(ORDERS);

		Plan on17 = Planner.plan(state(subscription(definition().twoPhase(true).build(), false)), snapshot.build(17));
		Plan on18Enabled = Planner.plan(state(subscription(definition().twoPhase(true).build(), false)), snapshot.build(18));
		Plan on18Disabled = Planner.plan(state(subscription(definition().twoPhase(true).enabled(false).build(), false)),
				snapshot.build(18));

		assertThat(on17.actions()).isEmpty();
		assertThat(on17.warnings()).singleElement().asString().contains("cannot alter two_phase");
		assertThat(on18Enabled.actions()).isEmpty();
		assertThat(on18Enabled.warnings()).singleElement().asString().contains("only on a disabled subscription");
		assertThat(on18Disabled.actions()).extracting(PlanAction::sql)
			.containsExactly("ALTER SUBSCRIPTION \"orders_sub\" DISABLE",
					"ALTER SUBSCRIPTION \"orders_sub\" SET (two_phase = true)");
	}

	@Test
	void aDifferentSlotNameIsAWarningAndCopyDataOrCreateSlotAreNotDrift() {
		SubscriptionDefinition created = definition().build();
		SubscriptionDefinition declared = definition().slotName("other_slot").copyData(false).createSlot(false).build();
		Snapshot snapshot = new Snapshot().subscription(subscriptionInfo(created, true)).published(ORDERS).subscribed(ORDERS);

		Plan plan = Planner.plan(state(subscription(declared, false)), snapshot.build(17));

		assertThat(plan.actions()).isEmpty();
		assertThat(plan.warnings()).singleElement().asString().contains("slot 'orders_sub'").contains("other_slot");
		assertThat(plan.warnings().get(0).settings()).containsExactly(SUBSCRIPTION.setting(Setting.SLOT_NAME));
	}

	@Test
	void validationNamesTheSettingOfEveryProblem() {
		SubscriptionDefinition failover = definition().failover(true).build();
		DesiredState desired = state(publication(false, ORDERS, USERS), subscription(failover, false));
		CatalogSnapshot snapshot = new Snapshot().existing(ORDERS).published(ORDERS).missingHere(ORDERS).build(16);

		assertThat(DesiredStateValidator.validate(desired, snapshot)).extracting(DesiredStateProblem::setting)
			.containsExactly(PUBLICATION.setting(Setting.TABLES, 1), SUBSCRIPTION.setting(Setting.FAILOVER),
					SUBSCRIPTION.setting(Setting.CREATE_TABLES));
		assertThat(DesiredStateValidator.validate(desired, new Snapshot().existing(ORDERS, USERS).published(ORDERS)
			.build(17))).isEmpty();
	}

	@Test
	void anUnreachablePublisherNamesTheHostAndARefusedPasswordNamesThePassword() {
		DesiredState desired = state(subscription(definition().build(), false));
		CatalogSnapshot refused = new Snapshot().unreachable("Connection to pub.internal:5432 refused", "08001").build(17);
		CatalogSnapshot denied = new Snapshot().unreachable("password authentication failed for user \"rep\"", "28P01")
			.build(17);

		assertThat(DesiredStateValidator.validate(desired, refused)).singleElement()
			.satisfies((problem) -> assertThat(problem.setting()).isEqualTo(SUBSCRIPTION.setting(Setting.PUBLISHER_HOST)));
		assertThat(DesiredStateValidator.validate(desired, denied)).singleElement()
			.satisfies((problem) -> {
				assertThat(problem.setting()).isEqualTo(SUBSCRIPTION.setting(Setting.PUBLISHER_PASSWORD));
				assertThat(problem.action().settings()).containsExactly(SUBSCRIPTION.setting(Setting.PUBLISHER_USER),
						SUBSCRIPTION.setting(Setting.PUBLISHER_PASSWORD));
			});
	}

	@Test
	void publishingUpdatesOfATableWithoutReplicaIdentityIsRefusedUnlessAlreadyPublishedOrInsertOnly() {
		DesiredState desired = state(publication(false, ORDERS, USERS));
		CatalogSnapshot lacking = new Snapshot().existing(ORDERS, USERS).withoutReplicaIdentity(USERS).build(17);

		assertThat(DesiredStateValidator.validate(desired, lacking)).singleElement().satisfies((problem) -> {
			assertThat(problem.setting()).isEqualTo(PUBLICATION.setting(Setting.TABLES, 1));
			assertThat(problem.message()).asString().contains("public.users has no usable replica identity");
			assertThat(problem.action()).asString().contains("REPLICA IDENTITY FULL").contains("[insert, truncate]");
			assertThat(problem.action().settings()).containsExactly(PUBLICATION.setting(Setting.OPERATIONS));
		});
		DesiredState insertOnly = state(new DesiredPublication("orders_pub",
				PublicationDefinition.forTables(ORDERS, USERS).withOperations(Operation.INSERT, Operation.TRUNCATE), false));
		assertThat(DesiredStateValidator.validate(insertOnly, lacking)).isEmpty();
		CatalogSnapshot alreadyPublished = new Snapshot().existing(ORDERS, USERS)
			.withoutReplicaIdentity(USERS)
			.publication(info(false, ORDERS, USERS))
			.build(17);
		assertThat(DesiredStateValidator.validate(desired, alreadyPublished)).isEmpty();
	}

	@Test
	void aRoleThatCannotCreateSubscriptionsStopsEverythingBeforeTablesAreCreated() {
		DesiredState desired = state(subscription(definition().build(), true));
		CatalogSnapshot snapshot = new Snapshot().published(ORDERS)
			.missingHere(ORDERS)
			.subscriberPreflight("role 'app' may not create subscriptions; GRANT pg_create_subscription TO app")
			.publisherPreflight("role 'rep' has neither SUPERUSER nor REPLICATION")
			.build(16);

		assertThat(DesiredStateValidator.validate(desired, snapshot)).extracting(DesiredStateProblem::setting)
			.containsExactly(SUBSCRIPTION.setting(Setting.PUBLISHER), SUBSCRIPTION);
	}

	@Test
	void aChangedRowFilterOrColumnListReplacesThatTableOnlyInOneTransaction() {
		PublicationInfo current = new PublicationInfo("orders_pub", "postgres", false, Operation.all(), false,
				List.of(PublicationTable.of(AUDIT), new PublicationTable(ORDERS, "(id > 10)", List.of()),
						PublicationTable.of(USERS)),
				List.of());
		DesiredState same = state(new DesiredPublication("orders_pub",
				PublicationDefinition.forTables(PublicationTable.of(ORDERS).where("id > 10"), USERS), false));
		DesiredState changed = state(new DesiredPublication("orders_pub", PublicationDefinition
			.forTables(PublicationTable.of(ORDERS).where("id > 20").withColumns("total", "id"), USERS), false));
		Snapshot snapshot = new Snapshot().existing(ORDERS, USERS)
			.publication(current)
			.rowFilter(ORDERS, "id > 10", "(id > 10)", "id")
			.rowFilter(ORDERS, "id > 20", "(id > 20)", "id");

		assertThat(Planner.plan(same, snapshot.build(17)).isEmpty()).as("compared as PostgreSQL deparses it").isTrue();
		Plan plan = Planner.plan(changed, snapshot.build(17));
		assertThat(plan.actions()).singleElement().satisfies((action) -> {
			assertThat(action.kind()).isEqualTo(Kind.ALTER_TABLES);
			assertThat(action.inTransaction()).isTrue();
			assertThat(action.statements()).extracting(PlanStatement::sql)
				.containsExactly("ALTER PUBLICATION \"orders_pub\" DROP TABLE \"public\".\"orders\"",
						"ALTER PUBLICATION \"orders_pub\" ADD TABLE \"public\".\"orders\" (\"total\", \"id\") WHERE (id > 20)");
			assertThat(action.sql()).doesNotContain("SET TABLE").doesNotContain("audit").doesNotContain("users");
		});
		PublicationInfo sameColumnsOtherOrder = new PublicationInfo("orders_pub", "postgres", false, Operation.all(), false,
				List.of(new PublicationTable(ORDERS, "(id > 20)", List.of("id", "total")), PublicationTable.of(USERS)),
				List.of());
		assertThat(Planner.plan(changed, snapshot.publication(sameColumnsOtherOrder).build(17)).isEmpty()).isTrue();
	}

	@Test
	void schemasJoinWithAddTablesInSchemaAndLeaveOnlyWithPrune() {
		PublicationInfo current = new PublicationInfo("orders_pub", "postgres", false, Operation.all(), false, List.of(),
				List.of("archive"));
		Snapshot snapshot = new Snapshot().publication(current);

		Plan keep = Planner.plan(state(DesiredPublication.of("orders_pub", PublicationDefinition.forSchemas("sales"))),
				snapshot.build(17));
		Plan prune = Planner.plan(state(new DesiredPublication("orders_pub", PublicationDefinition.forSchemas("sales"), true)),
				snapshot.build(17));
		Plan create = Planner.plan(state(DesiredPublication.of("orders_pub",
				PublicationDefinition.forTables(PublicationTable.of(ORDERS).where("id > 1")).withSchemas("sales"))),
				new Snapshot().existing(ORDERS).build(17));

		assertThat(keep.actions()).extracting(PlanAction::sql)
			.containsExactly("ALTER PUBLICATION \"orders_pub\" ADD TABLES IN SCHEMA \"sales\"");
		assertThat(prune.actions()).extracting(PlanAction::sql)
			.containsExactly("ALTER PUBLICATION \"orders_pub\" ADD TABLES IN SCHEMA \"sales\"",
					"ALTER PUBLICATION \"orders_pub\" DROP TABLES IN SCHEMA \"archive\"");
		assertThat(create.actions()).extracting(PlanAction::sql)
			.containsExactly("CREATE PUBLICATION \"orders_pub\" FOR TABLE \"public\".\"orders\" WHERE (id > 1), "
					+ "TABLES IN SCHEMA \"sales\" WITH (publish = 'insert, update, delete, truncate', "
					+ "publish_via_partition_root = false)");
	}

	@Test
	void rowFiltersColumnListsAndSchemasAreRefusedOn14NamingTheSettingAndTheVersion() {
		DesiredState desired = state(new DesiredPublication("orders_pub", PublicationDefinition
			.forTables(USERS, PublicationTable.of(ORDERS).where("id > 1").withColumns("id"))
			.withSchemas("sales"), false));
		Snapshot snapshot = new Snapshot().existing(ORDERS, USERS);

		List<DesiredStateProblem> on14 = DesiredStateValidator.validate(desired, snapshot.build(14));

		assertThat(on14).extracting(DesiredStateProblem::setting)
			.containsExactly(PUBLICATION.setting(Setting.TABLES, 1), PUBLICATION.setting(Setting.TABLES, 1),
					PUBLICATION.setting(Setting.SCHEMAS));
		assertThat(on14).extracting((problem) -> problem.message().toString())
			.containsExactly("a publication row filter (WHERE) requires PostgreSQL 15 or later, but this database runs PostgreSQL 14.0",
					"a publication column list requires PostgreSQL 15 or later, but this database runs PostgreSQL 14.0",
					"publishing TABLES IN SCHEMA requires PostgreSQL 15 or later, but this database runs PostgreSQL 14.0");
		assertThat(DesiredStateValidator.validate(desired, snapshot.rowFilter(ORDERS, "id > 1", "(id > 1)", "id").build(15)))
			.as("15 has them all, but not a column list beside TABLES IN SCHEMA")
			.singleElement()
			.satisfies((problem) -> assertThat(problem.message()).asString().contains("TABLES IN SCHEMA"));
	}

	@Test
	void aRowFilterOrColumnListOutsideTheReplicaIdentityIsRefusedOnlyWhenUpdatesOrDeletesArePublished() {
		PublicationDefinition filtered = PublicationDefinition.forTables(PublicationTable.of(ORDERS).where("region = 'eu'"),
				PublicationTable.of(USERS).withColumns("name"));
		Snapshot snapshot = new Snapshot().existing(ORDERS, USERS)
			.rowFilter(ORDERS, "region = 'eu'", "(region = 'eu'::text)", "region")
			.replicaIdentity(ORDERS, false, "id")
			.replicaIdentity(USERS, false, "id");

		List<DesiredStateProblem> problems = DesiredStateValidator
			.validate(state(new DesiredPublication("orders_pub", filtered, false)), snapshot.build(17));

		assertThat(problems).extracting(DesiredStateProblem::setting)
			.containsExactly(PUBLICATION.setting(Setting.TABLES, 0), PUBLICATION.setting(Setting.TABLES, 1));
		assertThat(problems.get(0).message()).asString().contains("uses region, not in its replica identity (id)");
		assertThat(problems.get(1).message()).asString().contains("leaves out id of its replica identity");
		assertThat(problems).allSatisfy((problem) -> assertThat(problem.action().settings())
			.containsExactly(PUBLICATION.setting(Setting.OPERATIONS)));
		assertThat(DesiredStateValidator.validate(state(new DesiredPublication("orders_pub",
				filtered.withOperations(Operation.INSERT, Operation.TRUNCATE), false)), snapshot.build(17)))
			.as("insert only").isEmpty();
		assertThat(DesiredStateValidator.validate(state(new DesiredPublication("orders_pub",
				PublicationDefinition.forTables(PublicationTable.of(ORDERS).where("region = 'eu'")), false)),
				snapshot.replicaIdentity(ORDERS, true, "id", "region").build(17)))
			.as("REPLICA IDENTITY FULL covers every column").isEmpty();
	}

	@Test
	void aRowFilterPostgresqlRefusesIsAProblemOfItsTable() {
		DesiredState desired = state(new DesiredPublication("orders_pub",
				PublicationDefinition.forTables(USERS, PublicationTable.of(ORDERS).where("random() > 0.5")), false));
		Snapshot snapshot = new Snapshot().existing(ORDERS, USERS)
			.refusedRowFilter(ORDERS, "random() > 0.5", "ERROR: invalid publication WHERE expression");

		assertThat(DesiredStateValidator.validate(desired, snapshot.build(17))).singleElement().satisfies((problem) -> {
			assertThat(problem.setting()).isEqualTo(PUBLICATION.setting(Setting.TABLES, 1));
			assertThat(problem.message()).asString()
				.contains("PostgreSQL refuses the row filter of public.orders: ERROR: invalid publication WHERE expression");
		});
	}

	@Test
	void aHeartbeatCreatesPgreplsTableFirstAndPublishesItsOwnRowWhereRowFiltersExist() {
		DesiredState desired = state(publication(false, ORDERS).withHeartbeat(Duration.ofSeconds(10)));
		Snapshot snapshot = new Snapshot().existing(ORDERS);

		Plan on17 = Planner.plan(desired, snapshot.build(17));
		Plan on14 = Planner.plan(desired, snapshot.build(14));

		assertThat(on17.actions()).extracting(PlanAction::kind)
			.containsExactly(Kind.CREATE_HEARTBEAT_TABLE, Kind.CREATE_PUBLICATION);
		assertThat(on17.actions().get(0).inTransaction()).isTrue();
		assertThat(on17.actions().get(0).statements()).extracting(PlanStatement::sql)
			.containsExactly("CREATE SCHEMA IF NOT EXISTS pgrepl", "CREATE TABLE IF NOT EXISTS pgrepl.heartbeat "
					+ "(publication text PRIMARY KEY, written_at timestamptz NOT NULL, write_interval interval NOT NULL)");
		assertThat(on17.actions().get(0).statements()).extracting(PlanStatement::side).containsOnly(Side.PUBLISHER);
		assertThat(on17.actions().get(1).sql()).contains("FOR TABLE \"public\".\"orders\", \"pgrepl\".\"heartbeat\" "
				+ "WHERE ((publication = 'orders_pub'::text))");
		assertThat(on14.actions().get(1).sql()).contains("FOR TABLE \"public\".\"orders\", \"pgrepl\".\"heartbeat\" WITH");
	}

	@Test
	void anExistingPublicationGetsTheHeartbeatTableAddedAndPruneKeepsIt() {
		TableName heartbeat = new TableName("pgrepl", "heartbeat");
		Snapshot snapshot = new Snapshot().existing(ORDERS, heartbeat).publication(info(false, ORDERS));
		DesiredPublication pruned = publication(true, ORDERS).withHeartbeat(Duration.ofSeconds(10));

		Plan added = Planner.plan(state(pruned), snapshot.build(14));
		PublicationInfo withHeartbeat = new PublicationInfo("orders_pub", "postgres", false, Operation.all(), false,
				List.of(PublicationTable.of(ORDERS),
						new PublicationTable(heartbeat, "(publication = 'orders_pub'::text)", List.of())),
				List.of());
		Plan kept = Planner.plan(state(pruned), snapshot.publication(withHeartbeat).build(17));
		Plan droppedWithoutHeartbeat = Planner.plan(state(publication(true, ORDERS)), snapshot.build(17));

		assertThat(added.actions()).singleElement().satisfies((action) -> {
			assertThat(action.kind()).isEqualTo(Kind.ADD_TABLES);
			assertThat(action.sql()).isEqualTo("ALTER PUBLICATION \"orders_pub\" ADD TABLE \"pgrepl\".\"heartbeat\"");
		});
		assertThat(kept.isEmpty()).as("the filter PostgreSQL deparsed is the one declared").isTrue();
		assertThat(droppedWithoutHeartbeat.actions()).extracting(PlanAction::kind).containsExactly(Kind.DROP_TABLES);
	}

	@Test
	void aPublicationOfAllTablesOrOfSchemaPgreplTakesTheHeartbeatTableInWithoutListingIt() {
		DesiredPublication all = new DesiredPublication("orders_pub", PublicationDefinition.forAllTables(), false,
				Duration.ofSeconds(10));
		DesiredPublication schema = new DesiredPublication("orders_pub", PublicationDefinition.forSchemas("pgrepl"),
				false, Duration.ofSeconds(10));

		assertThat(Planner.plan(state(all), new Snapshot().build(17)).actions()).extracting(PlanAction::kind)
			.containsExactly(Kind.CREATE_HEARTBEAT_TABLE, Kind.CREATE_PUBLICATION);
		assertThat(Planner.plan(state(all), new Snapshot().build(17)).actions().get(1).sql())
			.startsWith("CREATE PUBLICATION \"orders_pub\" FOR ALL TABLES WITH");
		assertThat(Planner.plan(state(schema), new Snapshot().build(17)).actions().get(1).sql())
			.startsWith("CREATE PUBLICATION \"orders_pub\" FOR TABLES IN SCHEMA \"pgrepl\" WITH");
		assertThat(Planner.plan(state(all), new Snapshot().existing(new TableName("pgrepl", "heartbeat")).build(17))
			.actions()).extracting(PlanAction::kind).containsExactly(Kind.CREATE_PUBLICATION);
	}

	@Test
	void aSubscriberLackingTheHeartbeatTableItsPublisherPublishesCreatesItWithoutCreateTables() {
		TableName heartbeat = new TableName("pgrepl", "heartbeat");
		Snapshot snapshot = new Snapshot().published(ORDERS, heartbeat).lacksHeartbeatTable();

		Plan plan = Planner.plan(state(subscription(definition().build(), false)), snapshot.build(17));

		assertThat(plan.actions()).extracting(PlanAction::kind)
			.containsExactly(Kind.CREATE_HEARTBEAT_TABLE, Kind.CREATE_SUBSCRIPTION);
		assertThat(plan.actions().get(0).statements()).extracting(PlanStatement::side).containsOnly(Side.SUBSCRIBER);
		assertThat(plan.warnings()).isEmpty();
	}

	@Test
	void aHeartbeatNeedsAPositiveIntervalAndInsertAndUpdatePublished() {
		DesiredPublication zero = publication(false, ORDERS).withHeartbeat(Duration.ZERO);
		DesiredPublication insertOnly = new DesiredPublication("orders_pub",
				PublicationDefinition.forTables(ORDERS).withOperations(Operation.INSERT), false, Duration.ofSeconds(10));

		assertThat(DesiredStateValidator.validateDeclared(state(zero), 17)).singleElement().satisfies((problem) -> {
			assertThat(problem.setting()).isEqualTo(PUBLICATION.setting(Setting.HEARTBEAT));
			assertThat(problem.describe(SettingNames.CORE)).contains("needs an interval");
		});
		assertThat(DesiredStateValidator.validateDeclared(state(insertOnly), 17)).singleElement()
			.satisfies((problem) -> assertThat(problem.message()).asString().contains("insert and update"));
	}

	private static SubscriptionDefinition.Builder definition() {
		return SubscriptionDefinition.builder(CONNECTION, "orders_pub")
			.streaming(Streaming.OFF)
			.binary(false)
			.disableOnError(false)
			.twoPhase(false)
			.origin(Origin.ANY)
			.failover(false)
			.passwordRequired(true)
			.runAsOwner(false);
	}

	private static DesiredPublication publication(boolean prune, TableName... tables) {
		return new DesiredPublication("orders_pub", PublicationDefinition.forTables((Object[]) tables), prune);
	}

	private static DesiredSubscription subscription(SubscriptionDefinition definition, boolean createTables) {
		return new DesiredSubscription("orders_sub", definition, createTables,
				definition.connectionString().toDataSource(), Setting.PUBLISHER_HOST);
	}

	private static DesiredState state(Object... objects) {
		List<DesiredPublication> publications = new ArrayList<>();
		List<DesiredSubscription> subscriptions = new ArrayList<>();
		for (Object object : objects) {
			if (object instanceof DesiredPublication publication) {
				publications.add(publication);
			}
			else {
				subscriptions.add((DesiredSubscription) object);
			}
		}
		return new DesiredState(publications, subscriptions);
	}

	private static PublicationInfo info(boolean allTables, TableName... tables) {
		return new PublicationInfo("orders_pub", "postgres", allTables, Operation.all(), false,
			Stream.of(tables).map(PublicationTable::of).toList(), List.of());
	}

	/** The catalog row a subscription created from this definition reads back as. */
	private static SubscriptionInfo subscriptionInfo(SubscriptionDefinition definition, boolean enabled) {
		return new SubscriptionInfo("orders_sub", "postgres", enabled, definition.connectionString(),
				(definition.slotName() != null) ? definition.slotName() : "orders_sub", definition.publications(), "off",
				Boolean.TRUE.equals(definition.binary()), definition.streaming(), Boolean.TRUE.equals(definition.twoPhase()),
				false, definition.origin(), false, true, false);
	}

	private static TableDefinition tableDefinition(TableName table) {
		return new TableDefinition(table, List.of(new ColumnDefinition("id", "integer", true, null)), List.of("id"));
	}

	/** Builds a {@link CatalogSnapshot} for one publication and one subscription. */
	private static final class Snapshot {

		private final List<TableName> existing = new ArrayList<>();

		private PublicationInfo publication;

		private SubscriptionInfo subscription;

		private final List<TableName> published = new ArrayList<>();

		private final List<TableName> subscribed = new ArrayList<>();

		private final List<TableDefinition> missingHere = new ArrayList<>();

		private String failure;

		private String sqlState;

		private final List<TableWithoutReplicaIdentity> withoutIdentity = new ArrayList<>();

		private PreflightReport subscriberPreflight;

		private PreflightReport publisherPreflight;

		private boolean sameCluster;

		private boolean lacksHeartbeatTable;

		private final List<RowFilter> rowFilters = new ArrayList<>();

		private final Map<TableName, ReplicaIdentityColumns> identities = new HashMap<>();

		/** A declared filter as PostgreSQL parsed it: deparsed, and the columns it uses. */
		Snapshot rowFilter(TableName table, String declared, String deparsed, String... columns) {
			this.rowFilters.add(new RowFilter(table, declared, deparsed, List.of(columns), null));
			return this;
		}

		Snapshot refusedRowFilter(TableName table, String declared, String refusal) {
			this.rowFilters.add(new RowFilter(table, declared, null, List.of(), refusal));
			return this;
		}

		Snapshot replicaIdentity(TableName table, boolean full, String... columns) {
			this.identities.put(table, new ReplicaIdentityColumns(table, full, List.of(columns)));
			return this;
		}

		Snapshot lacksHeartbeatTable() {
			this.lacksHeartbeatTable = true;
			return this;
		}

		Snapshot sameCluster() {
			this.sameCluster = true;
			return this;
		}

		Snapshot withoutReplicaIdentity(TableName... tables) {
			for (TableName table : tables) {
				this.withoutIdentity.add(new TableWithoutReplicaIdentity(table, "default", List.of()));
			}
			return this;
		}

		Snapshot subscriberPreflight(String... problems) {
			this.subscriberPreflight = new PreflightReport(Side.SUBSCRIBER, PgVersion.ofMajor(16), "logical", "app",
					List.of(problems), List.of());
			return this;
		}

		Snapshot publisherPreflight(String... problems) {
			this.publisherPreflight = new PreflightReport(Side.PUBLISHER, PgVersion.ofMajor(16), "logical", "rep",
					List.of(problems), List.of());
			return this;
		}

		Snapshot existing(TableName... tables) {
			this.existing.addAll(List.of(tables));
			return this;
		}

		Snapshot publication(PublicationInfo publication) {
			this.publication = publication;
			return this;
		}

		Snapshot subscription(SubscriptionInfo subscription) {
			this.subscription = subscription;
			return this;
		}

		Snapshot published(TableName... tables) {
			this.published.addAll(List.of(tables));
			return this;
		}

		Snapshot subscribed(TableName... tables) {
			this.subscribed.addAll(List.of(tables));
			return this;
		}

		Snapshot missingHere(TableName... tables) {
			for (TableName table : tables) {
				this.missingHere.add(tableDefinition(table));
			}
			return this;
		}

		Snapshot unreachable(String failure, String sqlState) {
			this.failure = failure;
			this.sqlState = sqlState;
			return this;
		}

		CatalogSnapshot build(int major) {
			PublisherSnapshot publisher = (this.failure != null) ? PublisherSnapshot.unreachable(this.failure, this.sqlState)
					: new PublisherSnapshot(null, null, null, Set.of("orders_pub", "users_pub"), this.published,
							new SubscriberTables(this.missingHere, Map.of()), this.publisherPreflight, this.sameCluster,
							this.lacksHeartbeatTable);
			return new CatalogSnapshot(PgVersion.ofMajor(major), null,
					(this.publication != null) ? Map.of("orders_pub", this.publication) : Map.of(), Set.copyOf(this.existing),
					(this.subscription != null) ? Map.of("orders_sub", this.subscription) : Map.of(),
					this.subscribed.isEmpty() ? Map.of() : Map.of("orders_sub", this.subscribed),
					Map.of("orders_sub", publisher), this.withoutIdentity, this.subscriberPreflight, this.rowFilters,
					this.identities, Map.of());
		}

	}

}
