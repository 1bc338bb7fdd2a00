package io.pgrepl.core.health;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import io.pgrepl.core.ReplicationManager;
import io.pgrepl.core.model.Operation;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.publication.Publication;
import io.pgrepl.core.status.PublicationStatus;
import io.pgrepl.core.status.SlotStatus;
import io.pgrepl.core.status.TableWithoutReplicaIdentity;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PublisherHealthTests extends ReplicationIntegrationTests {

	@Test
	void aPublisherWithACaughtUpSubscriberIsHealthyAndReportsItsDetails() {
		OrdersReplication.start(this.publisher, this.subscriber, (options) -> options);
		this.publisher.execute("insert into orders values (1, 'a')");
		this.subscriber.awaitRowCount("orders", 1);

		PublisherHealth health = awaitHealth(HealthThresholds.DEFAULTS,
				(h) -> h.slots().size() == 1 && Long.valueOf(0).equals(h.slots().get(0).lagBytes())
						&& Duration.ZERO.equals(h.slots().get(0).replayLag()),
				"the slot caught up");

		assertThat(health.healthy()).isTrue();
		assertThat(health.issues()).isEmpty();
		assertThat(health.warnings()).isEmpty();
		assertThat(health.walLevel()).isEqualTo("logical");
		assertThat(health.capacity().maxReplicationSlots()).isEqualTo(64);
		assertThat(health.capacity().replicationSlotsInUse()).isPositive();
		assertThat(health.capacity().walSendersInUse()).isPositive();
		assertThat(health.publications()).containsOnlyKeys("orders_pub");
		PublicationStatus publication = health.publications().get("orders_pub");
		assertThat(publication.exists()).isTrue();
		assertThat(publication.tables()).containsExactly(new TableName("public", "orders"));
		assertThat(publication.operations()).containsExactlyInAnyOrderElementsOf(Operation.all());
		assertThat(health.tablesWithoutReplicaIdentity()).isEmpty();
		SlotStatus slot = health.slots().get(0);
		assertThat(slot.name()).isEqualTo("orders_sub");
		assertThat(slot.active()).isTrue();
		assertThat(slot.activePid()).isNotNull();
		assertThat(slot.applicationName()).isEqualTo("orders_sub");
		assertThat(slot.tableSync()).isFalse();
		assertThat(slot.walStatus()).isEqualTo("reserved");
		assertThat(slot.retainedBytes()).isNotNegative();
		assertThat(slot.writeLag()).isEqualTo(Duration.ZERO);
		assertThat(slot.flushLag()).isEqualTo(Duration.ZERO);
		assertThat(slot.inactiveSince()).isNull();
		assertThat(slot.lost()).isFalse();
	}

	@Test
	void aTablePublishedForUpdateWithoutReplicaIdentityIsAnIssueNamingIt() {
		this.publisher.execute("create table events (id int, payload text)",
				"create table tags (id int primary key) ", "alter table tags replica identity nothing",
				"create table snapshots (id int)", "alter table snapshots replica identity full",
				"create table audit_log (id int)");
		new Publication(this.publisher.dataSource(), "events_pub")
			.create(PublicationDefinition.forTables("events", "tags", "snapshots")
				.withOperations(Operation.INSERT, Operation.UPDATE));
		new Publication(this.publisher.dataSource(), "audit_pub")
			.create(PublicationDefinition.forTables("audit_log").withOperations(Operation.INSERT));

		PublisherHealth health = ReplicationManager.healthCheckPublisher(this.publisher.dataSource());

		assertThat(health.healthy()).isFalse();
		assertThat(health.tablesWithoutReplicaIdentity()).containsExactly(
				new TableWithoutReplicaIdentity(new TableName("public", "events"), "default", List.of("events_pub")),
				new TableWithoutReplicaIdentity(new TableName("public", "tags"), "nothing", List.of("events_pub")));
		assertThat(health.issues()).hasSize(2);
		assertThat(health.issues().get(0)).startsWith("table public.events has no usable replica identity")
			.contains("publication 'events_pub'")
			.contains("ALTER TABLE \"public\".\"events\" REPLICA IDENTITY FULL");
		assertThat(health.issues().get(1)).contains("public.tags", "REPLICA IDENTITY NOTHING");
		assertThat(String.join(" ", health.issues())).as("insert-only and FULL identity are fine")
			.doesNotContain("audit_log", "snapshots");
	}

	@Test
	void aDeclaredPublicationThatDoesNotExistIsAnIssue() {
		this.publisher.execute("create table orders (id int primary key)");
		new Publication(this.publisher.dataSource(), "orders_pub").create("orders");
		new Publication(this.publisher.dataSource(), "undeclared_pub").create();

		PublisherHealth health = ReplicationManager.healthCheckPublisher(this.publisher.dataSource(),
				HealthThresholds.DEFAULTS, List.of("orders_pub", "missing_pub"));

		assertThat(health.publications()).containsOnlyKeys("orders_pub", "missing_pub");
		assertThat(health.publications().keySet()).containsExactly("orders_pub", "missing_pub");
		assertThat(health.publications().get("orders_pub").exists()).isTrue();
		assertThat(health.publications().get("missing_pub")).isEqualTo(PublicationStatus.missing("missing_pub"));
		assertThat(health.issues()).singleElement()
			.asString()
			.startsWith("publication 'missing_pub' does not exist on the publisher");
	}

	@Test
	void anInactiveSlotRetainingWalIsAWarningAndRetainedWalAboveTheThresholdsEscalates() {
		OrdersReplication.start(this.publisher, this.subscriber, (options) -> options.enabled(false));
		this.publisher.execute("insert into orders select g, repeat('x', 100) from generate_series(1, 2000) g");

		PublisherHealth health = awaitHealth(HealthThresholds.DEFAULTS,
				(h) -> h.slots().get(0).retainedBytes() > 64 * 1024, "the slot to retain WAL");
		SlotStatus slot = health.slots().get(0);
		assertThat(health.healthy()).isTrue();
		assertThat(slot.active()).isFalse();
		assertThat(slot.writeLag()).isNull();
		assertThat(health.warnings()).singleElement().asString().startsWith("slot 'orders_sub' is inactive")
			.contains("SELECT pg_drop_replication_slot('orders_sub')");
		if (serverMajorVersion() >= 17) {
			assertThat(slot.inactiveSince()).isNotNull();
		}
		else {
			assertThat(slot.inactiveSince()).as("inactive_since arrived in 17").isNull();
		}

		PublisherHealth warned = ReplicationManager.healthCheckPublisher(this.publisher.dataSource(),
				HealthThresholds.DEFAULTS.withRetainedWal(1024, Long.MAX_VALUE));
		PublisherHealth critical = ReplicationManager.healthCheckPublisher(this.publisher.dataSource(),
				HealthThresholds.DEFAULTS.withRetainedWal(1024, 2048));

		assertThat(warned.healthy()).isTrue();
		assertThat(warned.warnings()).anyMatch((w) -> w.startsWith("WAL retained by slot 'orders_sub' is")
				&& w.contains("above the warning threshold 1.0 kB"));
		assertThat(critical.healthy()).isFalse();
		assertThat(critical.issues()).singleElement().asString().startsWith("WAL retained by slot 'orders_sub' is")
			.contains("above the critical threshold 2.0 kB");
	}

	private PublisherHealth awaitHealth(HealthThresholds thresholds, Predicate<PublisherHealth> condition,
			String description) {
		return OrdersReplication.poll(
				() -> ReplicationManager.healthCheckPublisher(this.publisher.dataSource(), thresholds), condition,
				description);
	}

}
