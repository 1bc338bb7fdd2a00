package io.pgrepl.core.publication;

import java.util.List;

import io.pgrepl.core.Replication;
import io.pgrepl.core.ReplicationManager;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.Feature;
import io.pgrepl.core.model.Operation;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.PublicationTable;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SettingRef;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.model.UnsupportedFeatureException;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredStateException;
import io.pgrepl.core.plan.DesiredStateProblem;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.core.plan.Plan;
import io.pgrepl.core.plan.PlanAction;
import io.pgrepl.core.plan.PlanAction.Kind;
import io.pgrepl.core.preflight.PreflightException;
import io.pgrepl.core.status.PublicationInfo;
import io.pgrepl.test.ReplicationIntegrationTests;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Row filters, column lists and {@code TABLES IN SCHEMA} (PostgreSQL 15+), declared, reconciled,
 * replicated and read back; on 14, each is refused before any statement with the version it needs.
 */
class PublicationRestrictionTests extends ReplicationIntegrationTests {

	private static final SettingRef PUBLICATION = SettingRef.publication("orders_pub");

	private static final TableName ORDERS = TableName.parse("orders");

	@Test
	void aRowFilterReplicatesOnlyTheMatchingRows() {
		this.publisher.execute("create table orders (id int primary key, region text not null, total numeric)",
				"alter table orders replica identity full",
				"insert into orders select g, case when g % 3 = 0 then 'eu' else 'us' end, g * 1.5 "
						+ "from generate_series(1, 300) g");
		DesiredState declared = publishing(PublicationDefinition.forTables(PublicationTable.of("orders").where("region = 'eu'")));
		if (refusedBefore15(declared, PUBLICATION.setting(Setting.TABLES, 0), Feature.ROW_FILTER)) {
			return;
		}
		replication(this.publisher, declared).apply();
		replication(this.subscriber, subscribing()).apply();
		String eu = "select * from orders where region = 'eu'";
		awaitSameRows(eu, "select * from orders", 100);

		this.publisher.execute("insert into orders values (1001, 'eu', 1), (1002, 'us', 2)",
				"delete from orders where id in (3, 4)", "update orders set total = 0 where id = 6");
		awaitSameRows(eu, "select * from orders", 100);
		assertThat(this.subscriber.queryForLong("select count(*) from orders where region <> 'eu'")).isZero();
	}

	@Test
	void aColumnListReplicatesOnlyThoseColumnsAndCreateTablesCreatesOnlyThem() {
		this.publisher.execute("create table customers (id int primary key, name text, secret text)",
				"insert into customers select g, 'name ' || g, 'secret ' || g from generate_series(1, 50) g");
		DesiredState declared = publishing(PublicationDefinition.forTables(PublicationTable.of("customers").withColumns("id", "name")));
		if (refusedBefore15(declared, PUBLICATION.setting(Setting.TABLES, 0), Feature.COLUMN_LIST)) {
			return;
		}
		replication(this.publisher, declared).apply();
		replication(this.subscriber, subscribing()).apply();

		awaitSameRows("select id, name from customers", "select id, name from customers", 50);
		assertThat(this.subscriber.queryForList("select column_name from information_schema.columns "
				+ "where table_name = 'customers' order by ordinal_position"))
			.extracting((row) -> row.get("column_name"))
			.containsExactly("id", "name");
		this.publisher.execute("update customers set name = 'renamed', secret = 'changed' where id = 7");
		this.subscriber.awaitQueryResult("select name from customers where id = 7", "renamed");
	}

	@Test
	void tablesInSchemaPickUpATableCreatedLaterAfterRefresh() {
		this.publisher.execute("create schema sales", "create table sales.orders (id int primary key)",
				"insert into sales.orders select generate_series(1, 10)");
		DesiredState declared = publishing(PublicationDefinition.forSchemas("sales"));
		if (refusedBefore15(declared, PUBLICATION.setting(Setting.SCHEMAS), Feature.TABLES_IN_SCHEMA)) {
			return;
		}
		replication(this.publisher, declared).apply();
		Replication subscriber = replication(this.subscriber, subscribing());
		subscriber.apply();
		this.subscriber.awaitRowCount("sales.orders", 10);

		this.publisher.execute("create table sales.refunds (id int primary key, amount numeric)",
				"insert into sales.refunds select g, g from generate_series(1, 5) g");
		assertThat(replication(this.publisher, declared).plan().isEmpty()).as("the schema, not the table, is published")
			.isTrue();
		assertThat(subscriber.apply().actions()).extracting(PlanAction::kind)
			.containsExactly(Kind.CREATE_TABLES, Kind.REFRESH_PUBLICATION);
		awaitSameRows("select * from sales.refunds", "select * from sales.refunds", 5);
	}

	@Test
	void aChangedFilterOrColumnListReplacesThatTableOnlyAndATableAddedByHandStays() {
		this.publisher.execute("create table orders (id int primary key, region text, total numeric)",
				"create table users (id int primary key)", "create table extra (id int primary key)");
		DesiredState eu = publishing(PublicationDefinition.forTables(PublicationTable.of("orders").where("id > 10"), "users"));
		if (refusedBefore15(eu, PUBLICATION.setting(Setting.TABLES, 0), Feature.ROW_FILTER)) {
			return;
		}
		replication(this.publisher, eu).apply();
		this.publisher.execute("ALTER PUBLICATION orders_pub ADD TABLE extra");
		assertThat(replication(this.publisher, eu).plan().isEmpty()).as("the deparsed filter matches the declared one")
			.isTrue();

		DesiredState changed = publishing(PublicationDefinition
			.forTables(PublicationTable.of("orders").where("id > 20").withColumns("id", "total"), "users"));
		Plan plan = replication(this.publisher, changed).apply();

		assertThat(plan.actions()).singleElement().satisfies((action) -> {
			assertThat(action.kind()).isEqualTo(Kind.ALTER_TABLES);
			assertThat(action.inTransaction()).isTrue();
			assertThat(action.statements()).extracting((statement) -> statement.sql())
				.containsExactly("ALTER PUBLICATION \"orders_pub\" DROP TABLE \"public\".\"orders\"",
						"ALTER PUBLICATION \"orders_pub\" ADD TABLE \"public\".\"orders\" (\"id\", \"total\") WHERE (id > 20)");
		});
		PublicationInfo info = new Publication(this.publisher.dataSource(), "orders_pub").describe().orElseThrow();
		assertThat(info.tables()).containsExactly(PublicationTable.of("extra"),
				new PublicationTable(ORDERS, "(id > 20)", List.of("id", "total")), PublicationTable.of("users"));
		assertThat(replication(this.publisher, changed).plan().isEmpty()).isTrue();
	}

	@Test
	void describeReadsBackFiltersColumnListsAndSchemas() {
		this.publisher.execute("create schema sales", "create table orders (id int primary key, region text, total numeric)",
				"create table users (id int primary key, name text)");
		PublicationDefinition definition = PublicationDefinition
			.forTables(PublicationTable.of("orders").where("region = 'eu' and total > 100").withColumns("total", "region", "id"),
					PublicationTable.of("users"))
			.withOperations(Operation.INSERT);
		PublicationDefinition schemas = PublicationDefinition.forTables("users").withSchemas("sales");
		Publication publication = new Publication(this.publisher.dataSource(), "orders_pub");
		Publication sales = new Publication(this.publisher.dataSource(), "sales_pub");
		if (serverMajorVersion() < 15) {
			assertThatThrownBy(() -> publication.create(definition)).isInstanceOf(UnsupportedFeatureException.class)
				.hasMessageContaining(Feature.ROW_FILTER.description() + " requires PostgreSQL 15");
			assertThatThrownBy(() -> sales.create(schemas)).isInstanceOf(UnsupportedFeatureException.class)
				.hasMessageContaining(Feature.TABLES_IN_SCHEMA.description() + " requires PostgreSQL 15");
			assertThat(publication.exists()).isFalse();
			assertThat(sales.exists()).isFalse();
			return;
		}
		publication.create(definition);
		sales.create(schemas);

		PublicationInfo info = publication.describe().orElseThrow();
		assertThat(info.tables()).containsExactly(
				new PublicationTable(ORDERS, "((region = 'eu'::text) AND (total > (100)::numeric))", List.of("id", "region", "total")),
				PublicationTable.of("users"));
		assertThat(info.schemas()).isEmpty();
		assertThat(sales.describe().orElseThrow().schemas()).containsExactly("sales");
		assertThat(sales.describe().orElseThrow().tables()).containsExactly(PublicationTable.of("users"));
		assertThat(replication(this.publisher, new DesiredState(List.of(DesiredPublication.of("orders_pub", definition),
				DesiredPublication.of("sales_pub", schemas)), List.of())).plan().isEmpty()).isTrue();
	}

	@Test
	void aRowFilterOutsideTheReplicaIdentityIsRefusedWhenUpdatesArePublished() {
		this.publisher.execute("create table orders (id int primary key, region text, total numeric)");
		DesiredState filtered = publishing(PublicationDefinition.forTables(PublicationTable.of("orders").where("region = 'eu'")));
		DesiredState narrowed = publishing(PublicationDefinition.forTables(PublicationTable.of("orders").withColumns("region")));
		assertThatThrownBy(() -> ReplicationManager.setupPublisher(this.publisher.dataSource(), "orders_pub",
				filtered.publications().get(0).definition()))
			.isInstanceOf(PreflightException.class)
			.hasMessageContaining((serverMajorVersion() < 15) ? "requires PostgreSQL 15"
					: "the row filter of public.orders uses region, not in its replica identity");
		if (refusedBefore15(filtered, PUBLICATION.setting(Setting.TABLES, 0), Feature.ROW_FILTER)) {
			return;
		}

		assertThatThrownBy(() -> replication(this.publisher, filtered).apply())
			.isInstanceOfSatisfying(DesiredStateException.class, (ex) -> assertThat(ex.getProblems()).singleElement()
				.satisfies((problem) -> {
					assertThat(problem.setting()).isEqualTo(PUBLICATION.setting(Setting.TABLES, 0));
					assertThat(problem.message()).asString().contains("uses region, not in its replica identity (id)");
					assertThat(problem.action().settings()).containsExactly(PUBLICATION.setting(Setting.OPERATIONS));
				}));
		assertThatThrownBy(() -> replication(this.publisher, narrowed).apply())
			.isInstanceOfSatisfying(DesiredStateException.class, (ex) -> assertThat(ex.getProblems())
				.extracting(DesiredStateProblem::message)
				.singleElement()
				.asString()
				.contains("leaves out id of its replica identity"));
		assertThatThrownBy(() -> replication(this.publisher,
				publishing(PublicationDefinition.forTables(PublicationTable.of("orders").where("regio = 'eu'")))).apply())
			.hasMessageContaining("PostgreSQL refuses the row filter of public.orders")
			.hasMessageContaining("regio");
		assertThat(this.publisher.queryForLong("select count(*) from pg_publication")).isZero();

		DesiredState insertOnly = publishing(PublicationDefinition
			.forTables(PublicationTable.of("orders").where("region = 'eu'"))
			.withOperations(Operation.INSERT, Operation.TRUNCATE));
		replication(this.publisher, insertOnly).apply();
		assertThat(this.publisher.queryForLong("select count(*) from pg_publication_rel where prqual is not null")).isOne();
	}

	/**
	 * On PostgreSQL 14, asserts that the declared state is refused before any statement, naming the
	 * setting and the version the feature needs, and returns true; on 15+ returns false.
	 */
	private boolean refusedBefore15(DesiredState declared, SettingRef setting, Feature feature) {
		if (serverMajorVersion() >= 15) {
			return false;
		}
		assertThatThrownBy(() -> replication(this.publisher, declared).apply())
			.isInstanceOfSatisfying(DesiredStateException.class, (ex) -> assertThat(ex.getProblems())
				.filteredOn((problem) -> problem.setting().equals(setting))
				.singleElement()
				.satisfies((problem) -> assertThat(problem.message()).asString()
					.contains(feature.description() + " requires PostgreSQL 15 or later")));
		assertThat(this.publisher.queryForLong("select count(*) from pg_publication")).isZero();
		return true;
	}

	private void awaitSameRows(String onPublisher, String onSubscriber, long rows) {
		String expected = md5(this.publisher, onPublisher);
		TestDatabase.await(() -> md5(this.subscriber, onSubscriber).equals(expected),
				"the subscriber's rows (" + onSubscriber + ") to equal the publisher's (" + onPublisher + ")");
		assertThat(this.subscriber.queryForLong("select count(*) from (" + onSubscriber + ") t")).isEqualTo(rows);
	}

	private static String md5(TestDatabase database, String query) {
		return String.valueOf(database
			.queryForObject("select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from (" + query + ") t"));
	}

	private static DesiredState publishing(PublicationDefinition definition) {
		return new DesiredState(List.of(DesiredPublication.of("orders_pub", definition)), List.of());
	}

	private DesiredState subscribing() {
		SubscriptionDefinition definition = SubscriptionDefinition
			.builder(ConnInfo.parse(this.publisher.peerConnInfo()), "orders_pub")
			.build();
		return new DesiredState(List.of(), List.of(DesiredSubscription.of("orders_sub", definition, true)));
	}

	private static Replication replication(TestDatabase database, DesiredState state) {
		return Replication.configure(database.dataSource()).desiredState(state).load();
	}

}
