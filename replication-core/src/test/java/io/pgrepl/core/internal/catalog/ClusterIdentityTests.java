package io.pgrepl.core.internal.catalog;

import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.Side;
import io.pgrepl.test.PostgresServer;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.ReplicationIntegrationTests;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two databases of one cluster are told apart from two clusters whatever the role may read and
 * whatever address each side uses: a miss would have {@code CREATE SUBSCRIPTION} to its own
 * cluster wait for itself.
 */
class ClusterIdentityTests extends ReplicationIntegrationTests {

	@Test
	void aRoleThatMayNotReadTheSystemIdentifierTellsOneClusterFromTwoWhateverTheAddresses() {
		// one server with two addresses, as a server has its own and loopback, or one behind a proxy
		PostgresServer server = PostgresServers.startDedicated("two-addresses",
				Map.of("listen_addresses", "'127.0.0.1,127.0.0.2'"));
		String role = "probe_" + UUID.randomUUID().toString().substring(0, 8);
		// PUBLIC may call it unless an administrator (or a managed service) revoked it, as here
		String revoke = "revoke execute on function pg_control_system() from public";
		try (TestDatabase publisherDatabase = server.createDatabase(); TestDatabase sibling = server.createDatabase()) {
			publisherDatabase.execute("create role " + role + " login password 'pw'", revoke);
			sibling.execute(revoke);
			this.subscriber.execute("create role " + role + " login password 'pw'");
			try (PgSession subscriber = PgSession.open(as(this.subscriber, role, "127.0.0.1"), Side.SUBSCRIBER);
					PgSession sameServer = PgSession.open(as(sibling, role, "127.0.0.2"), Side.SUBSCRIBER);
					PgSession publisher = PgSession.open(as(publisherDatabase, role, "127.0.0.1"), Side.PUBLISHER)) {
				assertThatThrownBy(() -> publisher.queryOne("select system_identifier from pg_control_system()",
						(rs) -> rs.getLong(1))).as("the role may not read the system identifier").isNotNull();
				assertThat(serverAddress(sameServer)).as("the server's address on each side").isNotEqualTo(serverAddress(publisher));

				assertThat(ClusterIdentity.sameCluster(sameServer, publisher)).as("two databases of one cluster").isTrue();
				assertThat(ClusterIdentity.sameCluster(subscriber, publisher)).as("two clusters").isFalse();
				assertThat(applicationName(sameServer)).as("the observed session's own name, back").isEqualTo("pgrepl-tests");
			}
			finally {
				this.subscriber.execute("drop role " + role);
			}
		}
		finally {
			server.close();
		}
	}

	private static String serverAddress(PgSession session) {
		return session.queryOne("select host(inet_server_addr())", (rs) -> rs.getString(1)).orElseThrow();
	}

	@Test
	void aSuperuserTellsOneClusterFromTwoByTheSystemIdentifier() {
		try (TestDatabase sibling = this.publisher.server().createDatabase();
				PgSession subscriber = PgSession.open(this.subscriber.dataSource(), Side.SUBSCRIBER);
				PgSession sameServer = PgSession.open(sibling.dataSource(), Side.SUBSCRIBER);
				PgSession publisher = PgSession.open(this.publisher.dataSource(), Side.PUBLISHER)) {
			assertThat(ClusterIdentity.sameCluster(sameServer, publisher)).isTrue();
			assertThat(ClusterIdentity.sameCluster(subscriber, publisher)).isFalse();
		}
	}

	private static String applicationName(PgSession session) {
		return session.queryOne("select current_setting('application_name')", (rs) -> rs.getString(1)).orElseThrow();
	}

	private static DataSource as(TestDatabase database, String role, String host) {
		PostgresServer server = database.server();
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setServerNames(new String[] { host });
		dataSource.setPortNumbers(new int[] { server.port() });
		dataSource.setDatabaseName(database.name());
		dataSource.setUser(role);
		dataSource.setPassword("pw");
		dataSource.setApplicationName("pgrepl-tests");
		dataSource.setConnectTimeout(10);
		dataSource.setLoginTimeout(30);
		return dataSource;
	}

}
