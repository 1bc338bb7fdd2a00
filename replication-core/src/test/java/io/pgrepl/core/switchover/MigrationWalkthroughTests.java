package io.pgrepl.core.switchover;

import java.time.Duration;
import java.util.List;

import io.pgrepl.core.Replication;
import io.pgrepl.core.fixture.Migration;
import io.pgrepl.core.fixture.Writer;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.sequence.SequenceSyncReport;
import io.pgrepl.core.verify.VerifyReport;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The walk-through of docs/migration.md, call for call; its output there comes from this test's log. */
class MigrationWalkthroughTests extends ReplicationIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(MigrationWalkthroughTests.class);

	@Test
	void aDatabaseMovesWhileTheApplicationWrites() {
		this.publisher.execute("do $$ begin create role shop_app login password 'app'; "
				+ "exception when duplicate_object then null; end $$");
		String ddl = """
				create table customers (id bigint generated always as identity primary key, name text not null);
				create table orders (id serial primary key, customer_id bigint not null, total numeric(10, 2), weight float8);
				insert into customers (name) select 'customer ' || i from generate_series(1, 2000) i;
				insert into orders (customer_id, total, weight) select 1 + i % 2000, i * 1.25, i / 3.0 from generate_series(1, 5000) i""";
		Migration migration = Migration.start(this.publisher, this.subscriber,
				PublicationDefinition.forTables("customers", "orders"), List.of(), ddl,
				ddl.lines().limit(2).reduce("", (a, b) -> a + b + "\n"));
		this.publisher.execute("grant select, insert, update on customers, orders to shop_app",
				"grant usage on all sequences in schema public to shop_app");
		Replication replication = migration.subscriber();
		try (Writer writer = Writer.start(this.publisher.server().dataSource(this.publisher.name(), "shop_app", "app"),
				100_000, Duration.ofSeconds(30), "insert into orders (customer_id, total, weight) values (1, 9.99, random())",
				"update customers set name = name || '.' where id = 1 + (random() * 1999)::int")) {
			writer.awaitCommitted(200);

			SequenceSyncReport sequences = replication.syncSequences(Migration.SUBSCRIPTION);
			logger.info("syncSequences: {}", sequences);
			VerifyReport verify = replication.verify(Migration.SUBSCRIPTION);
			logger.info("verify: {}", verify);
			SwitchoverReport dryRun = replication.switchover(Migration.SUBSCRIPTION,
					SwitchoverOptions.forRoles("shop_app").withDryRun(true));
			logger.info("switchover dry run: {}", dryRun);
			SwitchoverReport report = replication.switchover(Migration.SUBSCRIPTION,
					SwitchoverOptions.forRoles("shop_app").withVerification(false, true).withSequenceMargin(1000));
			logger.info("switchover: {}", report);

			assertThat(sequences.complete()).isTrue();
			assertThat(verify.equal()).isTrue();
			assertThat(report.completed()).isTrue();
		}
		assertThat(this.subscriber.rowCount("orders")).isEqualTo(this.publisher.rowCount("orders"));
	}

}
