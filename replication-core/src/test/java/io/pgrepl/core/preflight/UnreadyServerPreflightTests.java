package io.pgrepl.core.preflight;

import java.util.LinkedHashMap;
import java.util.Map;

import io.pgrepl.core.ReplicationManager;
import io.pgrepl.core.health.PublisherHealth;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.test.PostgresServer;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A server configured for anything but logical replication. */
class UnreadyServerPreflightTests {

	private static PostgresServer server;

	@BeforeAll
	static void startUnreadyServer() {
		Map<String, String> config = new LinkedHashMap<>();
		config.put("wal_level", "replica");
		config.put("max_replication_slots", "0");
		config.put("max_wal_senders", "0");
		config.put("max_logical_replication_workers", "0");
		if (PostgresServers.requestedMajorVersion() >= 18) {
			config.put("max_active_replication_origins", "0");
		}
		server = PostgresServers.startDedicated("unready", config);
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void publisherPreflightListsEveryProblemWithWhatToChange() {
		try (TestDatabase database = server.createDatabase()) {
			database.execute("create table users (id int primary key)");

			PreflightReport report = Preflight.checkPublisher(database.dataSource(),
					PublicationDefinition.forTables("users"));

			assertThat(report.ready()).isFalse();
			assertThat(report.problems()).hasSize(3);
			assertThat(report.problems().get(0)).startsWith("wal_level is 'replica' on the publisher")
				.contains("set wal_level = logical");
			assertThat(report.problems().get(1)).startsWith("max_replication_slots = 0 on the publisher")
				.contains("restart");
			assertThat(report.problems().get(2)).startsWith("max_wal_senders = 0 on the publisher");
			assertThatThrownBy(() -> Preflight.requirePublisher(database.dataSource(),
					PublicationDefinition.forTables("users")))
				.isInstanceOf(PreflightException.class)
				.hasMessageStartingWith("The publisher is not ready for logical replication: wal_level is 'replica'");
		}
	}

	@Test
	void subscriberPreflightFindsNoRoomForAWorkerOrItsReplicationOrigin() {
		try (TestDatabase database = server.createDatabase()) {
			PreflightReport report = Preflight.checkSubscriber(database.dataSource());

			String originSetting = (PostgresServers.requestedMajorVersion() >= 18) ? "max_active_replication_origins"
					: "max_replication_slots";
			assertThat(report.problems()).containsExactly(
					"max_logical_replication_workers is 0 on the subscriber and 0 enabled subscriptions already hold "
							+ "an apply worker each, so a new subscription's worker cannot start; raise "
							+ "max_logical_replication_workers to at least 1 plus room for table-sync workers, and "
							+ "restart the server",
					originSetting + " is 0 on the subscriber, but every running subscription worker needs a "
							+ "replication origin and 0 are taken; raise " + originSetting
							+ " to at least 1 and restart the server");
		}
	}

	@Test
	void publisherHealthReportsWalLevelAndCapacityAsIssues() {
		try (TestDatabase database = server.createDatabase()) {
			PublisherHealth health = ReplicationManager.healthCheckPublisher(database.dataSource());

			assertThat(health.healthy()).isFalse();
			assertThat(health.walLevel()).isEqualTo("replica");
			assertThat(health.issues()).hasSize(3);
			assertThat(health.issues().get(0)).startsWith("wal_level is 'replica' on the publisher");
			assertThat(health.issues().get(1)).startsWith("max_replication_slots = 0 on the publisher");
			assertThat(health.issues().get(2)).startsWith("max_wal_senders = 0 on the publisher");
		}
	}

}
