package io.pgrepl.core.publication;

import java.util.List;
import java.util.Set;

import io.pgrepl.core.model.Operation;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.ReplicationArgumentException;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.PublicationInfo;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublicationTests {

	private TestDatabase database;

	@BeforeEach
	void createDatabase() {
		this.database = PostgresServers.publisher().createDatabase();
		this.database.execute("create schema sales", "create table users (id int primary key)",
				"create table sales.orders (id int primary key)", "create table products (id int primary key)");
	}

	@AfterEach
	void dropDatabase() {
		this.database.close();
	}

	@Test
	void createWithTablesAndFlagsIsReadBackByDescribe() {
		Publication publication = publication("app_pub");
		publication.create(PublicationDefinition.forTables("users", "sales.orders")
			.withOperations(Operation.INSERT, Operation.UPDATE)
			.withPublishViaPartitionRoot(true));

		PublicationInfo info = publication.describe().orElseThrow();
		assertThat(info.name()).isEqualTo("app_pub");
		assertThat(info.allTables()).isFalse();
		assertThat(info.tableNames()).containsExactly(new TableName("public", "users"), new TableName("sales", "orders"));
		assertThat(info.operations()).containsExactlyInAnyOrder(Operation.INSERT, Operation.UPDATE);
		assertThat(info.publishViaPartitionRoot()).isTrue();
		assertThat(info.owner()).isEqualTo("postgres");
		assertThat(publishedTables("app_pub")).isEqualTo(2);
	}

	@Test
	void createWithoutFlagsPublishesAllFourOperations() {
		publication("app_pub").create("users");

		assertThat(publication("app_pub").describe().orElseThrow().operations()).isEqualTo(Operation.all());
		assertThat(this.database.queryForObject(
				"select pubinsert and pubupdate and pubdelete and pubtruncate from pg_publication where pubname = 'app_pub'"))
			.isEqualTo(true);
	}

	@Test
	void createForAllTablesPublishesEveryTable() {
		publication("all_pub").createForAllTables();

		PublicationInfo info = publication("all_pub").describe().orElseThrow();
		assertThat(info.allTables()).isTrue();
		assertThat(info.tableNames()).isEmpty();
		assertThat(publishedTables("all_pub")).isEqualTo(3);
	}

	@Test
	void addTablesAndRemoveTablesChangeMembershipAndIgnoreWhatIsAlreadyThere() {
		Publication publication = publication("app_pub");
		publication.create("users");

		publication.addTables("products", "users", "sales.orders");
		assertThat(publication.describe().orElseThrow().tableNames()).containsExactly(new TableName("public", "products"),
				new TableName("public", "users"), new TableName("sales", "orders"));

		publication.removeTables("users", "not_a_member");
		assertThat(publication.describe().orElseThrow().tableNames()).containsExactly(new TableName("public", "products"),
				new TableName("sales", "orders"));
	}

	@Test
	void dropRemovesThePublication() {
		Publication publication = publication("app_pub");
		publication.create("users");
		assertThat(publication.exists()).isTrue();

		publication.drop(true);

		assertThat(publication.exists()).isFalse();
		assertThat(publication.describe()).isEmpty();
		assertThat(this.database.queryForLong("select count(*) from pg_publication")).isZero();
		publication.drop(false);
	}

	@Test
	void missingTablesAreAllReportedAndNothingIsCreated() {
		assertThatThrownBy(() -> publication("app_pub").create("users", "nope", "sales.missing"))
			.isInstanceOfSatisfying(ReplicationArgumentException.class,
					(ex) -> assertThat(ex.getArgument()).isEqualTo("tables"))
			.hasMessageContaining("public.nope, sales.missing not found on the publisher");
		assertThat(publication("app_pub").exists()).isFalse();

		publication("app_pub").create("users");
		assertThatThrownBy(() -> publication("app_pub").addTables("products", "ghost"))
			.hasMessageContaining("public.ghost not found");
		assertThat(publication("app_pub").describe().orElseThrow().tableNames())
			.containsExactly(new TableName("public", "users"));
	}

	@Test
	void injectionStringsInNamesStayNames() {
		String hostile = "p\"; DROP TABLE users; --";
		this.database.execute("create table \"t'; DROP TABLE products; --\" (id int primary key)");

		Publication publication = publication(hostile);
		publication.create("t'; DROP TABLE products; --");

		assertThat(publication.exists()).isTrue();
		assertThat(publication.describe().orElseThrow().tableNames())
			.containsExactly(new TableName("public", "t'; DROP TABLE products; --"));
		assertThat(this.database.queryForLong("select count(*) from pg_tables where tablename in ('users', 'products')"))
			.isEqualTo(2);
		publication.drop(false);
		assertThat(publication.exists()).isFalse();
	}

	@Test
	void classesAreResolvedToTheirTables() {
		publication("app_pub").create(Users.class, OrderTable.class);

		assertThat(publication("app_pub").describe().orElseThrow().tableNames())
			.containsExactly(new TableName("public", "users"), new TableName("sales", "orders"));
	}

	@Test
	void emptyOperationsAreRefusedBeforeAnySql() {
		assertThatThrownBy(() -> PublicationDefinition.forTables("users").withOperations(Set.of()))
			.isInstanceOfSatisfying(ReplicationArgumentException.class,
					(ex) -> assertThat(ex.getArgument()).isEqualTo("operations"));
		assertThatThrownBy(() -> new PublicationDefinition(true, List.of(TableName.of("users")), Operation.all(), false))
			.hasMessageContaining("either for all tables or for a list of tables");
	}

	private Publication publication(String name) {
		return new Publication(this.database.dataSource(), name);
	}

	private long publishedTables(String publication) {
		return this.database.queryForLong(
				"select count(*) from pg_publication_tables where pubname = '" + publication + "'");
	}

	static class Users {

	}

	@jakarta.persistence.Table(schema = "sales", name = "orders")
	static class OrderTable {

	}

}
