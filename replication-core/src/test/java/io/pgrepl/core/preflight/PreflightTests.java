package io.pgrepl.core.preflight;

import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import io.pgrepl.core.ReplicationManager;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.Operation;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.publication.Publication;
import io.pgrepl.core.subscription.Subscription;
import io.pgrepl.test.ReplicationIntegrationTests;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreflightTests extends ReplicationIntegrationTests {

	@Test
	void readyServersPassPreflight() {
		this.publisher.execute("create table orders (id int primary key)");

		PreflightReport publisherReport = Preflight.checkPublisher(this.publisher.dataSource(),
				PublicationDefinition.forTables("orders"));
		PreflightReport subscriberReport = Preflight.checkSubscriber(this.subscriber.dataSource());

		assertThat(publisherReport.ready()).isTrue();
		assertThat(publisherReport.problems()).isEmpty();
		assertThat(publisherReport.warnings()).isEmpty();
		assertThat(publisherReport.server()).isEqualTo(Side.PUBLISHER);
		assertThat(publisherReport.walLevel()).isEqualTo("logical");
		assertThat(publisherReport.role()).isEqualTo("postgres");
		assertThat(publisherReport.version().major()).isEqualTo(serverMajorVersion());
		assertThat(subscriberReport.ready()).isTrue();
		assertThat(subscriberReport.problems()).isEmpty();
	}

	@Test
	void setupPublisherRefusesATableWithoutReplicaIdentityForUpdatesAndCreatesNothing() {
		this.publisher.execute("create table users (id int primary key)", "create table events (id int, payload text)");

		assertThatThrownBy(() -> ReplicationManager.setupPublisher(this.publisher.dataSource(), "app_pub", "users",
				"events"))
			.isInstanceOfSatisfying(PreflightException.class, (ex) -> assertThat(ex.getProblems()).singleElement()
				.asString()
				.startsWith("table public.events has no usable replica identity (no primary key and REPLICA IDENTITY "
						+ "DEFAULT)")
				.contains("add a primary key, or ALTER TABLE \"public\".\"events\" REPLICA IDENTITY FULL"));
		assertThat(new Publication(this.publisher.dataSource(), "app_pub").exists()).isFalse();
	}

	@Test
	void setupPublisherAcceptsAnInsertOnlyPublicationOfATableWithoutKey() {
		this.publisher.execute("create table events (id int, payload text)");

		Publication publication = ReplicationManager.setupPublisher(this.publisher.dataSource(), "events_pub",
				PublicationDefinition.forTables("events").withOperations(Operation.INSERT, Operation.TRUNCATE));

		assertThat(publication.exists()).isTrue();
	}

	@Test
	void forAllTablesEveryTableNeedsAReplicaIdentity() {
		this.publisher.execute("create table users (id int primary key)", "create table events (id int)",
				"create unlogged table scratch (id int)");

		PreflightReport report = Preflight.checkPublisher(this.publisher.dataSource(),
				PublicationDefinition.forAllTables());

		assertThat(report.problems()).singleElement().asString().startsWith("table public.events");
	}

	@Test
	void aSubscriberRoleMustBeSuperuserOrOn16AndLaterHavePgCreateSubscription() {
		String role = "sub_" + UUID.randomUUID().toString().substring(0, 8);
		this.subscriber.execute("create role " + role + " login password 'pw'");
		try {
			DataSource asRole = this.subscriber.server().dataSource(this.subscriber.name(), role, "pw");
			PreflightReport report = Preflight.checkSubscriber(asRole);

			assertThat(report.ready()).isFalse();
			if (serverMajorVersion() < 16) {
				assertThat(report.problems()).singleElement()
					.asString()
					.contains("only superusers can create subscriptions");
			}
			else {
				assertThat(report.problems()).containsExactly(
						"role '" + role + "' may not create subscriptions; GRANT pg_create_subscription TO \"" + role
								+ "\" (or connect as a superuser)",
						"role '" + role + "' lacks CREATE on this database, which creating a subscription needs "
								+ "besides pg_create_subscription; GRANT CREATE ON DATABASE \"" + this.subscriber.name()
								+ "\" TO \"" + role + "\"");
				this.subscriber.execute("grant pg_create_subscription to " + role,
						"grant create on database " + this.subscriber.name() + " to " + role);
				assertThat(Preflight.checkSubscriber(asRole).ready()).isTrue();
			}
			assertThatCode(() -> Preflight.requireSubscriber(this.subscriber.dataSource())).as("the superuser may")
				.doesNotThrowAnyException();
		}
		finally {
			dropRole(this.subscriber, role);
		}
	}

	@Test
	void setupSubscriberRefusesAConnectionRoleWithoutReplicationAndCreatesNothing() {
		String role = "rep_" + UUID.randomUUID().toString().substring(0, 8);
		this.publisher.execute("create table orders (id int primary key)",
				"create role " + role + " login password 'pw'", "grant select on orders to " + role);
		this.subscriber.execute("create table orders (id int primary key)");
		new Publication(this.publisher.dataSource(), "orders_pub").create("orders");
		try {
			ConnInfo connInfo = ConnInfo.parse(this.publisher.peerConnInfo()).with("user", role).with("password", "pw");
			SubscriptionDefinition definition = SubscriptionDefinition.builder(connInfo, "orders_pub").build();

			assertThatThrownBy(() -> ReplicationManager.setupSubscriber(this.subscriber.dataSource(), "orders_sub",
					definition, List.of(), false, this.publisher.dataSource()))
				.isInstanceOf(PreflightException.class)
				.hasMessageContaining("role '" + role + "' of the subscription's connection has neither SUPERUSER nor "
						+ "REPLICATION")
				.hasMessageContaining("ALTER ROLE \"" + role + "\" REPLICATION")
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("pw'"));
			assertThat(new Subscription(this.subscriber.dataSource(), "orders_sub").exists()).isFalse();
		}
		finally {
			dropRole(this.publisher, role);
		}
	}

	private static void dropRole(TestDatabase database, String role) {
		database.execute("drop owned by " + role, "drop role " + role);
	}

}
