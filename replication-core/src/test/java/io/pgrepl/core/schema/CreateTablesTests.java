package io.pgrepl.core.schema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.pgrepl.core.ReplicationManager;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredStateException;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.core.plan.Reconciler;
import io.pgrepl.test.ReplicationIntegrationTests;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code create-tables} against real schemas: user types, constraints, indexes, sequences,
 * partitions, refusals and drift, compared row by row on both sides.
 */
class CreateTablesTests extends ReplicationIntegrationTests {

	/** Modelled on PostgreSQL's src/test/subscription/t/002_types.pl. */
	@Test
	void aTypeCorpusIsCreatedCopiedAndKeptInStep() {
		this.publisher.execute("create schema \"Typen\"",
				"create type \"Typen\".\"Farbe\" as enum ('rot', 'grün', 'blau')",
				"create type public.mood as enum ('sad', 'ok', 'happy')",
				"create type public.point3 as (x float8, y float8, z float8)",
				"create type public.tst_comp as (a int, b text[], m public.mood, ms public.mood[])",
				"create type public.tst_comp_nested as (c public.tst_comp, n int)",
				"create domain public.positive as int not null default 1 check (value > 0)",
				"create domain \"Typen\".\"Größe\" as numeric(10, 2) check (value >= 0)",
				"create type public.floatrange as range (subtype = float8, subtype_diff = float8mi)",
				"create extension hstore",
				"create table tst_arrays (id int primary key, a int[], b text[], c float8[], d interval[])",
				"create table tst_enums (id int primary key, e public.mood, ea public.mood[], f \"Typen\".\"Farbe\")",
				"create table tst_composite (id int primary key, p point3, c tst_comp, cn tst_comp_nested, ca tst_comp[])",
				"create table tst_ranges (id int primary key, r4 int4range, r8 int8range, rt tstzrange, ra int4range[], "
						+ "fr floatrange, frm floatmultirange)",
				"create table \"Typen\".\"Maße\" (id int primary key, p positive, g \"Typen\".\"Größe\", pa positive[])",
				"create table tst_hstore (id int primary key, h hstore)",
				"insert into tst_arrays select i, array[i, i + 1], array['a' || i, 'b'], array[i / 3.0, 1e-3], "
						+ "array[make_interval(days => i), interval '1 hour'] from generate_series(1, 5) i",
				"insert into tst_enums values (1, 'sad', '{sad,ok}', 'rot'), (2, 'happy', '{}', 'grün'), (3, null, null, null)",
				"insert into tst_composite values (1, row(1, 2, 3), row(1, '{a,b}', 'ok', '{ok,happy}'), "
						+ "row(row(2, '{c}', 'sad', '{}'), 7), array[row(3, '{d}', 'happy', '{sad}')::tst_comp]), "
						+ "(2, null, null, null, null)",
				"insert into tst_ranges values (1, '[1,10)', '[100,1000)', '[2024-01-01,2024-02-01)', "
						+ "array['[1,2)'::int4range, '[5,7)'], '[1.5,2.5)', '{[1,2), [3,4)}'), (2, 'empty', null, null, null, null, null)",
				"insert into \"Typen\".\"Maße\" values (1, 5, 12.5, '{1,2}'), (2, 1, 0, null)",
				"insert into tst_hstore values (1, 'a=>1, b=>2'), (2, '\"x y\"=>null')");
		List<String> tables = List.of("tst_arrays", "tst_enums", "tst_composite", "tst_ranges", "\"Typen\".\"Maße\"",
				"tst_hstore");
		publish(PublicationDefinition.forTables(tables));

		subscribe();

		awaitReady();
		awaitSameRows(tables);
		this.publisher.execute("update tst_arrays set b = b || 'new'::text where id > 2", "delete from tst_arrays where id = 1",
				"update tst_enums set ea = ea || 'happy'::mood, f = 'blau'", "delete from tst_enums where id = 3",
				"update tst_composite set c = row(9, '{z}', 'happy', '{}') where id = 1", "delete from tst_composite where id = 2",
				"update tst_ranges set r4 = '[2,3)', fr = '[0,1)' where id = 1", "delete from tst_ranges where id = 2",
				"update \"Typen\".\"Maße\" set g = 99.99, pa = '{3}' where id = 1",
				"update tst_hstore set h = h || 'c=>3' where id = 1", "insert into tst_hstore values (3, '')");
		awaitSameRows(tables);
		assertThat(this.subscriber.queryForObject("select string_agg(enumlabel, ',' order by enumsortorder) from pg_enum "
				+ "where enumtypid = '\"Typen\".\"Farbe\"'::regtype")).isEqualTo("rot,grün,blau");
		assertThat(this.subscriber.queryForObject("select pg_get_constraintdef(oid) from pg_constraint "
				+ "where contypid = 'positive'::regtype and contype = 'c'")).isEqualTo("CHECK ((VALUE > 0))");
		assertThat(this.subscriber.queryForObject("select typnotnull and typdefault = '1' from pg_type "
				+ "where oid = 'positive'::regtype")).isEqualTo(true);
	}

	@ParameterizedTest(name = "publish via partition root: {0}")
	@ValueSource(booleans = { false, true })
	void anApplicationSchemaIsCreatedWithItsConstraintsIndexesSequencesAndPartitions(boolean viaRoot) {
		this.publisher.execute("create schema shop",
				"create type shop.order_status as enum ('new', 'paid', 'shipped')",
				"create domain shop.\"prüfsumme\" as text check (value ~ '^[0-9a-f]+$')",
				"create domain shop.email as text check (value like '%@%')",
				"create sequence shop.invoice_no start 1000",
				"""
						create table shop.customers (
						  id bigint generated always as identity primary key,
						  email shop.email not null unique,
						  name text collate "C" not null,
						  tags text[] default '{}',
						  search tsvector,
						  created timestamptz not null default now())""",
				"create index customers_search on shop.customers using gin (search)",
				"create index customers_lower_name on shop.customers (lower(name)) include (tags)",
				"""
						create table shop.products (
						  id serial primary key,
						  sku text not null,
						  price numeric(10, 2) not null check (price >= 0),
						  checksum shop."prüfsumme",
						  constraint products_sku_key unique (sku))""",
				"create index products_expensive on shop.products (price) where price > 100",
				"""
						create table shop.orders (
						  id bigint generated by default as identity primary key,
						  customer_id bigint not null references shop.customers (id),
						  status shop.order_status not null default 'new',
						  invoice int default nextval('shop.invoice_no'),
						  total numeric(12, 2),
						  net numeric(12, 2) generated always as (total * 0.8) stored)""",
				"""
						create table shop.order_lines (
						  order_id bigint references shop.orders (id) on delete cascade,
						  line int,
						  product_id int references shop.products (id),
						  qty int check (qty > 0),
						  primary key (order_id, line))""",
				"create function shop.touch() returns trigger language plpgsql as $$ begin new.created := now(); "
						+ "return new; end $$",
				"create trigger customers_touch before insert on shop.customers for each row execute function shop.touch()",
				"create table shop.events (id bigint not null, day date not null, payload jsonb, primary key (id, day)) "
						+ "partition by range (day)",
				"""
						do $$ begin
						  for m in 0..23 loop
						    execute format('create table shop.%I partition of shop.events for values from (%L) to (%L)',
						      'events_' || to_char(date '2024-01-01' + make_interval(months => m), 'YYYY_MM'),
						      date '2024-01-01' + make_interval(months => m), date '2024-01-01' + make_interval(months => m + 1));
						  end loop;
						end $$""",
				"create index events_payload on shop.events using gin (payload)",
				"insert into shop.customers (email, name, tags, search) select 'c' || i || '@example.com', 'Name ' || i, "
						+ "array['t' || i], to_tsvector('english', 'customer number ' || i) from generate_series(1, 20) i",
				"insert into shop.products (sku, price, checksum) select 'SKU-' || i, i * 10, md5(i::text) "
						+ "from generate_series(1, 20) i",
				"insert into shop.orders (customer_id, status, total) select 1 + i % 20, 'paid', i * 3.5 "
						+ "from generate_series(1, 30) i",
				"insert into shop.order_lines select o, l, 1 + (o + l) % 20, l from generate_series(1, 30) o, "
						+ "generate_series(1, 3) l",
				"insert into shop.events select i, date '2024-01-01' + i * 15, jsonb_build_object('i', i) "
						+ "from generate_series(0, 47) i");
		List<String> tables = List.of("shop.customers", "shop.products", "shop.orders", "shop.order_lines",
				"shop.events");
		publish(PublicationDefinition.forTables(tables).withPublishViaPartitionRoot(viaRoot));

		subscribe();

		awaitReady();
		awaitSameRows(tables);
		subscribe();
		this.publisher.execute("update shop.customers set tags = tags || 'vip'::text where id <= 5",
				"delete from shop.orders where id = 30", "update shop.products set price = price + 1 where id % 2 = 0",
				"update shop.events set payload = payload || '{\"u\": true}' where id % 5 = 0",
				"delete from shop.events where id % 7 = 0",
				"insert into shop.events values (100, '2025-12-31', '{}')");
		awaitSameRows(tables);
		String indexes = "select string_agg(indexdef, E'\\n' order by indexdef) from pg_indexes where schemaname = 'shop'";
		assertThat(this.subscriber.queryForObject(indexes)).isEqualTo(this.publisher.queryForObject(indexes));
		String constraints = "select string_agg(c, E'\\n' order by c) from (select conrelid::regclass || ' ' || conname "
				+ "|| ' ' || pg_get_constraintdef(oid) as c from pg_constraint where connamespace = 'shop'::regnamespace) x";
		assertThat(this.subscriber.queryForObject(constraints)).isEqualTo(this.publisher.queryForObject(constraints));
		String sequences = "select string_agg(sequencename, ',' order by sequencename) from pg_sequences "
				+ "where schemaname = 'shop'";
		assertThat(this.subscriber.queryForObject(sequences)).isEqualTo(this.publisher.queryForObject(sequences));
		assertThat(this.subscriber.queryForLong("select count(*) from pg_inherits "
				+ "where inhparent = 'shop.events'::regclass")).isEqualTo(24);
		assertThat(this.subscriber.queryForObject("select attidentity::text from pg_attribute "
				+ "where attrelid = 'shop.customers'::regclass and attname = 'id'")).isEqualTo("a");
		assertThat(this.subscriber.queryForObject("select pg_get_serial_sequence('shop.products', 'id')"))
			.isEqualTo("shop.products_id_seq");
		assertThat(this.subscriber.queryForLong("select count(*) from pg_trigger where not tgisinternal"))
			.as("triggers are left to pg_dump --schema-only")
			.isZero();
	}

	@Test
	void secondaryIndexesAndConstraintsAreBuiltOnceAfterTheCopyWhateverTheRestarts() {
		this.publisher.execute("create table parents (id int primary key, code text not null unique)",
				"create table items (id int primary key, parent_id int references parents (id), qty int check (qty > 0), "
						+ "label text)",
				"create index items_label on items (lower(label)) where label is not null",
				"insert into parents select i, 'p' || i from generate_series(1, 50) i",
				"insert into items select i, 1 + i % 50, i, 'item ' || i from generate_series(1, 200) i");
		publish(PublicationDefinition.forTables("parents", "items"));
		String indexes = "select string_agg(indexdef, E'\\n' order by indexdef) from pg_indexes where schemaname = 'public'";
		String constraints = "select string_agg(c, E'\\n' order by c) from (select conrelid::regclass || ' ' || conname "
				+ "|| ' ' || pg_get_constraintdef(oid) as c from pg_constraint where connamespace = 'public'::regnamespace) x";

		subscribe();

		assertThat(this.subscriber.queryForLong("select count(*) from pg_indexes where schemaname = 'public'"))
			.as("only the primary keys before the copy")
			.isEqualTo(2);
		assertThat(this.subscriber.queryForLong("select count(*) from pgrepl.deferred_ddl")).isEqualTo(4);
		assertThat(ReplicationManager.healthCheckSubscriber(this.subscriber.dataSource(), "app_sub").warnings())
			.anySatisfy((warning) -> assertThat(warning).contains("tables public.items, public.parents")
				.contains("deferred until their initial copy"));
		// A restart before the copy is done: nothing is built yet, nothing recorded twice.
		subscribe();
		awaitReady();
		awaitSameRows(List.of("parents", "items"));
		// The application stopped after the copy, before building: the next start builds.
		subscribe();
		subscribe();

		assertThat(this.subscriber.queryForObject(indexes)).isEqualTo(this.publisher.queryForObject(indexes));
		assertThat(this.subscriber.queryForObject(constraints)).isEqualTo(this.publisher.queryForObject(constraints));
		assertThat(this.subscriber.queryForLong("select count(*) from pgrepl.deferred_ddl")).isZero();
		assertThat(ReplicationManager.healthCheckSubscriber(this.subscriber.dataSource(), "app_sub").warnings())
			.noneSatisfy((warning) -> assertThat(warning).contains("deferred"));
		this.publisher.execute("insert into items values (201, 1, 1, 'after')");
		awaitSameRows(List.of("items"));
	}

	@Test
	void anExtensionInASchemaOfItsOwnIsCreatedInThatSchemaWithTheSchema() {
		this.publisher.execute("create schema ext", "create extension hstore with schema ext",
				"create table tags (id int primary key, h ext.hstore)",
				"insert into tags values (1, 'a=>1'), (2, 'b=>2')");
		publish(PublicationDefinition.forTables("tags"));

		subscribe();
		awaitReady();

		awaitSameRows(List.of("tags"));
		assertThat(this.subscriber.queryForObject("select n.nspname from pg_extension e "
				+ "join pg_namespace n on n.oid = e.extnamespace where e.extname = 'hstore'")).isEqualTo("ext");
	}

	@Test
	void aVirtualGeneratedColumnIsCreatedVirtualAndComputedOnTheSubscriber() {
		assumeTrue(this.publisher.server().majorVersion() >= 18, "virtual generated columns need PostgreSQL 18");
		this.publisher.execute("create table lines (id int primary key, price int not null, qty int not null, "
				+ "total int generated always as (price * qty) virtual, taxed int generated always as (price * 2) stored)",
				"insert into lines (id, price, qty) values (1, 3, 4), (2, 5, 6)");
		publish(PublicationDefinition.forTables("lines"));

		subscribe();
		awaitReady();
		this.publisher.execute("insert into lines (id, price, qty) values (3, 7, 8)");

		awaitSameRows(List.of("lines"));
		assertThat(this.subscriber.queryForObject("select string_agg(attname || ':' || attgenerated::text, ',' "
				+ "order by attnum) from pg_attribute where attrelid = 'lines'::regclass and attnum > 0"))
			.isEqualTo("id:,price:,qty:,total:v,taxed:s");
	}

	@Test
	void aDomainWhoseCheckCallsAFunctionIsRefusedBeforeAnythingIsCreated() {
		this.publisher.execute(
				"create function public.is_even(v int) returns boolean language sql immutable as 'select v % 2 = 0'",
				"create domain public.even as int check (public.is_even(value))",
				"create type public.plain as enum ('a')",
				"create table numbers (id int primary key, n even, p plain)", "create table other (id int primary key)");
		publish(PublicationDefinition.forTables("numbers", "other"));
		String catalog = catalogFingerprint();

		assertThatThrownBy(this::subscribe).isInstanceOf(DesiredStateException.class)
			.hasMessageContaining("table public.numbers column n needs type public.even")
			.hasMessageContaining("calls a function");

		assertThat(catalogFingerprint()).isEqualTo(catalog);
	}

	@Test
	void anExtensionTypeNotAvailableOnTheSubscriberIsRefusedBeforeAnythingIsCreated() throws Exception {
		// Both servers run the same binaries: the extension is made available only while the publisher creates it.
		Path extensionDirectory = Path.of((String) this.publisher
			.queryForObject("select setting from pg_config where name = 'SHAREDIR'"), "extension");
		String extension = "pgrepl_gone_" + this.publisher.name().replaceAll("[^a-z0-9_]", "_");
		Path control = extensionDirectory.resolve(extension + ".control");
		Path script = extensionDirectory.resolve(extension + "--1.0.sql");
		Files.writeString(control, "default_version = '1.0'\nrelocatable = true\n");
		Files.writeString(script, "create type gone_colour as enum ('x', 'y');\n");
		try {
			this.publisher.execute("create extension " + extension);
		}
		finally {
			Files.delete(control);
			Files.delete(script);
		}
		this.publisher.execute("create table painted (id int primary key, colour gone_colour)");
		publish(PublicationDefinition.forTables("painted"));
		String catalog = catalogFingerprint();

		assertThatThrownBy(this::subscribe).isInstanceOf(DesiredStateException.class)
			.hasMessageContaining("table public.painted column colour needs type public.gone_colour")
			.hasMessageContaining("extension '" + extension + "' is not available");

		assertThat(catalogFingerprint()).isEqualTo(catalog);
	}

	@Test
	void columnsThePublisherAddsAreAddedOnTheSubscriberByTheNextApply() {
		this.publisher.execute("create table orders (id int primary key, item text)",
				"insert into orders select i, 'item ' || i from generate_series(1, 10) i",
				"create table measures (id int, day date, v int, primary key (id, day)) partition by range (day)",
				"create table measures_h1 partition of measures for values from ('2024-01-01') to ('2024-07-01')",
				"create table measures_h2 partition of measures for values from ('2024-07-01') to ('2025-01-01')",
				"insert into measures select i, date '2024-01-01' + i * 30, i from generate_series(0, 11) i");
		List<String> tables = List.of("orders", "measures");
		publish(PublicationDefinition.forTables(tables));
		subscribe();
		awaitReady();
		awaitSameRows(tables);

		this.publisher.execute("create type public.priority as enum ('low', 'high')",
				"alter table orders add column note text not null default 'none', add column p priority",
				"insert into orders values (11, 'after', 'added', 'high')", "update orders set p = 'low' where id = 2",
				"alter table measures add column unit text default 'kg'",
				"insert into measures values (100, '2024-12-31', 1, 'g')");
		subscribe();

		this.publisher.execute("insert into orders values (12, 'later', 'again', 'low')",
				"update measures set unit = 't' where id = 3");
		awaitSameRows(tables);
	}

	@Test
	void aNotNullColumnWithoutADefaultIsAddedNullableAndItsValuesArriveFromThen() {
		this.publisher.execute("create table orders (id int primary key, item text)",
				"insert into orders select i, 'item ' || i from generate_series(1, 10) i");
		publish(PublicationDefinition.forTables("orders"));
		subscribe();
		awaitReady();
		awaitSameRows(List.of("orders"));

		// the usual migration: add with a default for the existing rows, then drop the default
		this.publisher.execute("alter table orders add column code int not null default 0",
				"alter table orders alter column code drop default");
		subscribe();
		this.publisher.execute("insert into orders values (11, 'after', 42)", "update orders set code = 7 where id = 1");

		this.subscriber.awaitQueryResult("select string_agg(id || ':' || coalesce(code::text, 'null'), ',' order by id) "
				+ "from orders where id in (1, 2, 11)", "1:7,2:null,11:42");
		assertThat(this.subscriber.queryForObject("select attnotnull from pg_attribute "
				+ "where attrelid = 'orders'::regclass and attname = 'code'")).isEqualTo(false);
	}

	private void publish(PublicationDefinition definition) {
		new Reconciler(this.publisher.dataSource(),
				new DesiredState(List.of(DesiredPublication.of("app_pub", definition)), List.of()))
			.apply();
	}

	private void subscribe() {
		SubscriptionDefinition definition = SubscriptionDefinition
			.builder(ConnInfo.parse(this.publisher.peerConnInfo()), "app_pub")
			.build();
		new Reconciler(this.subscriber.dataSource(),
				new DesiredState(List.of(), List.of(DesiredSubscription.of("app_sub", definition, true))))
			.apply();
	}

	private void awaitReady() {
		TestDatabase.await(() -> this.subscriber.queryForLong("select count(*) from pg_subscription_rel") > 0
				&& this.subscriber.queryForLong("select count(*) from pg_subscription_rel where srsubstate <> 'r'") == 0,
				"every table of app_sub ready");
	}

	private void awaitSameRows(List<String> tables) {
		for (String table : tables) {
			String sql = "select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from " + table + " t";
			this.subscriber.awaitQueryResult(sql, this.publisher.queryForObject(sql));
		}
	}

	/** Everything a failed create-tables could have left behind: types, relations, schemas, subscriptions. */
	private String catalogFingerprint() {
		return String.valueOf(this.subscriber.queryForObject("select (select count(*) from pg_type) || '/' || "
				+ "(select count(*) from pg_class) || '/' || (select count(*) from pg_namespace) || '/' || "
				+ "(select count(*) from pg_extension) || '/' || (select count(*) from pg_subscription)"));
	}

}
