package io.pgrepl.core;

import java.util.List;
import java.util.Map;

import io.pgrepl.core.model.TableName;
import io.pgrepl.core.publication.Publication;
import io.pgrepl.core.schema.SchemaMismatchException;
import io.pgrepl.core.subscription.Subscription;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicationManagerTests extends ReplicationIntegrationTests {

	@Test
	void setupPublisherCreatesThePublicationAndAddsMissingTablesOnASecondCall() {
		this.publisher.execute("create table users (id int primary key)", "create table orders (id int primary key)");

		ReplicationManager.setupPublisher(this.publisher.dataSource(), "app_pub", "users");
		Publication publication = ReplicationManager.setupPublisher(this.publisher.dataSource(), "app_pub", "users",
				"orders");

		assertThat(publication.describe().orElseThrow().tableNames()).containsExactly(new TableName("public", "orders"),
				new TableName("public", "users"));
	}

	@Test
	void setupSubscriberCreatesMissingTablesFromThePublisherThenReplicates() {
		this.publisher.execute("""
				create table orders (
				  id bigint generated always as identity primary key,
				  code varchar(12) not null,
				  amount numeric(10, 2),
				  tags text[],
				  net numeric generated always as (amount * 0.8) stored,
				  created timestamptz not null default now())""",
				"create table lines (order_id bigint, line int, sku serial, primary key (line, order_id))",
				"create schema audit", "create table audit.events (id int primary key, payload jsonb)",
				"insert into orders (code, amount, tags) values ('A-1', 10.50, '{x,y}')",
				"insert into lines values (1, 1)", "insert into audit.events values (1, '{\"k\": 1}')");
		ReplicationManager.setupPublisher(this.publisher.dataSource(), "app_pub", "orders", "lines", "audit.events");

		ReplicationManager.setupSubscriber(this.subscriber.dataSource(), "app_sub", this.publisher.peerConnInfo(),
				"app_pub", List.of(), true);

		this.subscriber.awaitRowCount("orders", 1);
		this.subscriber.awaitRowCount("lines", 1);
		this.subscriber.awaitRowCount("audit.events", 1);
		assertThat(columns("orders")).containsExactly("id bigint NOT NULL", "code character varying(12) NOT NULL",
				"amount numeric(10,2)", "tags text[]", "net numeric", "created timestamp with time zone NOT NULL");
		assertThat(this.subscriber.queryForObject("select pg_get_constraintdef(oid) from pg_constraint "
				+ "where conrelid = 'lines'::regclass and contype = 'p'")).isEqualTo("PRIMARY KEY (line, order_id)");
		assertThat(this.subscriber.queryForLong("select count(*) from pg_attribute where attrelid = 'orders'::regclass "
				+ "and attidentity = 'a'")).as("identity columns stay identity columns").isEqualTo(1);
		assertThat(this.subscriber.queryForObject("select pg_get_serial_sequence('lines', 'sku')"))
			.as("a serial column's sequence is created, owned by the column")
			.isEqualTo("public.lines_sku_seq");
		assertThat(this.subscriber.queryForObject("select net from orders")).hasToString("8.400");

		this.publisher.execute("insert into orders (code, amount) values ('A-2', 1)");
		this.subscriber.awaitRowCount("orders", 2);
	}

	@Test
	void setupSubscriberRefusesTablesThatLackPublishedColumnsAndCreatesNothing() {
		this.publisher.execute("create table orders (id int primary key, code text, amount int)",
				"create table customers (id int primary key, name text)");
		ReplicationManager.setupPublisher(this.publisher.dataSource(), "app_pub", "orders", "customers");
		this.subscriber.execute("create table orders (id int primary key)");

		assertThatThrownBy(() -> ReplicationManager.setupSubscriber(this.subscriber.dataSource(), "app_sub",
				this.publisher.peerConnInfo(), "app_pub", List.of(), true))
			.isInstanceOfSatisfying(SchemaMismatchException.class, (ex) -> assertThat(ex.getMissingColumns())
				.isEqualTo(Map.of(new TableName("public", "orders"), List.of("code", "amount"))))
			.hasMessageContaining("public.orders lacks code, amount");

		assertThat(this.subscriber.queryForLong("select count(*) from pg_tables where tablename = 'customers'")).isZero();
		assertThat(new Subscription(this.subscriber.dataSource(), "app_sub").exists()).isFalse();
	}

	@Test
	void setupSubscriberWithExplicitTablesCreatesOnlyThose() {
		this.publisher.execute("create table a (id int primary key)", "create table b (id int primary key)");
		ReplicationManager.setupPublisher(this.publisher.dataSource(), "app_pub", "a");
		this.subscriber.execute("create table b (id int primary key)");

		ReplicationManager.setupSubscriber(this.subscriber.dataSource(), "app_sub", this.publisher.peerConnInfo(),
				"app_pub", List.of("a"), true);

		assertThat(this.subscriber.queryForLong("select count(*) from pg_tables where tablename = 'a'")).isEqualTo(1);
		assertThat(new Subscription(this.subscriber.dataSource(), "app_sub").exists()).isTrue();
	}

	private List<String> columns(String table) {
		return this.subscriber
			.queryForList("select attname || ' ' || format_type(atttypid, atttypmod) || case when attnotnull then "
					+ "' NOT NULL' else '' end as c from pg_attribute where attrelid = '" + table
					+ "'::regclass and attnum > 0 and not attisdropped order by attnum")
			.stream()
			.map((row) -> (String) row.get("c"))
			.toList();
	}

}
