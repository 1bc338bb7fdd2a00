package io.pgrepl.core.preflight;

import java.util.Map;

import io.pgrepl.core.ReplicationManager;
import io.pgrepl.test.PostgresServer;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WalLevelPreflightTests {

	private static PostgresServer replicaServer;

	@BeforeAll
	static void startServerWithWalLevelReplica() {
		replicaServer = PostgresServers.startDedicated("replica-wal", Map.of("wal_level", "replica"));
	}

	@AfterAll
	static void stopServer() {
		replicaServer.close();
	}

	@Test
	void setupPublisherRefusesWhenWalLevelIsNotLogicalAndCreatesNothing() {
		try (TestDatabase database = replicaServer.createDatabase()) {
			database.execute("create table users (id int primary key)");

			assertThatThrownBy(() -> ReplicationManager.setupPublisher(database.dataSource(), "app_pub", "users"))
				.isInstanceOf(PreflightException.class)
				.hasMessageContaining("wal_level is 'replica' on the publisher")
				.hasMessageContaining("set wal_level = logical")
				.hasMessageContaining("restart");
			assertThat(database.queryForLong("select count(*) from pg_publication")).isZero();
		}
	}

}
