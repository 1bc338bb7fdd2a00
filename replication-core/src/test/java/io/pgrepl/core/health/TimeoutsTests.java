package io.pgrepl.core.health;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

import io.pgrepl.core.Replication;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.internal.jdbc.TimeoutsDataSource;
import io.pgrepl.core.model.ReplicationSqlException;
import io.pgrepl.core.model.SessionTimeouts;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.test.ReplicationIntegrationTests;
import io.pgrepl.test.SilentServer;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No pgrepl call waits forever: statements run under statement and lock timeouts that the
 * connection gets back as they were, and a publisher that accepts TCP and never answers makes a
 * health check DOWN within its budget, saying so.
 */
class TimeoutsTests extends ReplicationIntegrationTests {

	private static final SessionTimeouts SHORT = new SessionTimeouts(Duration.ofMillis(500), Duration.ofMillis(300));

	@Test
	void aStatementRunsUnderTheStatementTimeoutAndTheConnectionGetsItsOwnBack() throws Exception {
		try (Connection connection = this.subscriber.dataSource().getConnection()) {
			DataSource single = TimeoutsDataSource.of(unclosable(connection), SHORT);
			connection.createStatement().execute("set statement_timeout = '7min'");
			try (PgSession session = PgSession.open(single, Side.SUBSCRIBER)) {
				assertThatThrownBy(() -> session.query("select pg_sleep(5)", (rs) -> true))
					.isInstanceOf(ReplicationSqlException.class)
					.hasMessageContaining("statement_timeout = 500ms")
					.hasMessageContaining("raise the statement timeout").hasMessageContaining("timeouts.statement property");
			}
			assertThat(setting(connection, "statement_timeout")).isEqualTo("7min");
			assertThat(setting(connection, "lock_timeout")).isEqualTo("0");
		}
	}

	@Test
	void ddlWaitsForALockNoLongerThanTheLockTimeout() throws Exception {
		this.subscriber.execute("create table orders (id int primary key)");
		try (Connection holder = this.subscriber.dataSource().getConnection()) {
			holder.setAutoCommit(false);
			holder.createStatement().execute("lock table orders in access exclusive mode");
			long started = System.nanoTime();
			try (PgSession session = PgSession.open(TimeoutsDataSource.of(this.subscriber.dataSource(), SHORT),
					Side.SUBSCRIBER)) {
				assertThatThrownBy(() -> session.execute("alter table orders add column item text"))
					.isInstanceOf(ReplicationSqlException.class)
					.hasMessageContaining("lock_timeout = 300ms")
					.hasMessageContaining("raise the lock timeout").hasMessageContaining("timeouts.lock property");
			}
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
			holder.rollback();
		}
	}

	@Test
	void aPublisherThatNeverAnswersMakesHealthDownWithinItsBudget() {
		OrdersReplication.start(this.publisher, this.subscriber, (options) -> options.copyData(false));
		try (SilentServer silent = new SilentServer()) {
			PGSimpleDataSource publisher = new PGSimpleDataSource();
			publisher.setServerNames(new String[] { silent.host() });
			publisher.setPortNumbers(new int[] { silent.port() });
			publisher.setDatabaseName("nowhere");
			publisher.setUser("postgres");
			publisher.setConnectTimeout(1);
			publisher.setLoginTimeout(2);
			publisher.setSocketTimeout(2);
			DesiredSubscription declared = new DesiredSubscription(OrdersReplication.SUBSCRIPTION,
					SubscriptionDefinition.builder(this.publisher.peerConnInfo(), OrdersReplication.PUBLICATION)
						.build(),
					false, publisher, Setting.PUBLISHER_HOST);
			Replication replication = Replication.configure(this.subscriber.dataSource())
				.desiredState(new DesiredState(List.of(), java.util.List.of(declared)))
				.load();

			long started = System.nanoTime();
			SubscriptionHealth health = replication.subscriptionHealth(OrdersReplication.SUBSCRIPTION);

			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
			assertThat(silent.accepted()).isPositive();
			assertThat(health.healthy()).isFalse();
			assertThat(health.issues()).anySatisfy((issue) -> assertThat(issue)
				.containsPattern("the publisher did not answer within [23]s"));
		}
	}

	private static String setting(Connection connection, String name) throws Exception {
		try (var rs = connection.createStatement().executeQuery("select current_setting('" + name + "')")) {
			rs.next();
			return rs.getString(1);
		}
	}

	/** One connection, handed out again and again, that sessions cannot close. */
	private static DataSource unclosable(Connection connection) {
		Connection kept = (Connection) Proxy.newProxyInstance(TimeoutsTests.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, args) -> method.getName().equals("close") ? null
						: method.invoke(connection, args));
		PGSimpleDataSource unused = new PGSimpleDataSource();
		return (DataSource) Proxy.newProxyInstance(TimeoutsTests.class.getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, args) -> method.getName().equals("getConnection")
						? kept : method.invoke(unused, args));
	}

}
