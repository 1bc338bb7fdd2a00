package io.pgrepl.core.health;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.pgrepl.core.Replication;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.test.ReplicationIntegrationTests;
import io.pgrepl.test.SilentServer;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A health call returns within its budget, whatever its servers do: a publisher that accepts TCP
 * and never answers costs one connection attempt at a time, in the background, and each caller
 * gets an answer naming it after the health timeout.
 */
class HealthTimeoutTests extends ReplicationIntegrationTests {

	private static final Duration BUDGET = Duration.ofSeconds(1);

	/** What a caller may take beyond the budget on a busy machine. */
	private static final Duration MARGIN = Duration.ofSeconds(2);

	@Test
	void aCallerWaitsNoLongerThanTheHealthTimeoutForAPublisherThatNeverAnswers() {
		OrdersReplication.start(this.publisher, this.subscriber, (options) -> options.copyData(false));
		try (SilentServer silent = new SilentServer()) {
			Replication replication = replicationWithPublisherAt(silent, 60);

			long started = System.nanoTime();
			assertThatThrownBy(() -> replication.subscriptionHealth(OrdersReplication.SUBSCRIPTION))
				.isInstanceOf(HealthTimeoutException.class)
				.hasMessageContaining("the publisher did not answer within 1s (" + silent.host() + ":" + silent.port()
						+ ")");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BUDGET.plus(MARGIN));
		}
	}

	@Test
	void twentyConcurrentCallersAllAnswerWithinTheBudgetFromOneConnectionAttempt() throws Exception {
		OrdersReplication.start(this.publisher, this.subscriber, (options) -> options.copyData(false));
		ExecutorService callers = Executors.newFixedThreadPool(20);
		try (SilentServer silent = new SilentServer()) {
			Replication replication = replicationWithPublisherAt(silent, 60);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Duration>> answered = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				answered.add(callers.submit(() -> {
					go.await();
					long started = System.nanoTime();
					assertThatThrownBy(replication::subscriptionsHealth).isInstanceOf(HealthTimeoutException.class)
						.hasMessageContaining("the publisher did not answer within 1s");
					return Duration.ofNanos(System.nanoTime() - started);
				}));
			}
			go.countDown();
			for (Future<Duration> took : answered) {
				assertThat(took.get(10, TimeUnit.SECONDS)).isLessThan(BUDGET.plus(MARGIN));
			}
			assertThat(silent.accepted()).isEqualTo(1);
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void theSnapshotCallersGaveUpOnAnswersTheNextCaller() {
		OrdersReplication.start(this.publisher, this.subscriber, (options) -> options.copyData(false));
		try (SilentServer silent = new SilentServer()) {
			Replication replication = replicationWithPublisherAt(silent, 3);
			assertThatThrownBy(() -> replication.subscriptionHealth(OrdersReplication.SUBSCRIPTION))
				.isInstanceOf(HealthTimeoutException.class);

			// pgjdbc gives up the login after 3s: the snapshot taken in the background then says so.
			SubscriptionHealth health = await().atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(200))
				.ignoreException(HealthTimeoutException.class)
				.until(() -> replication.subscriptionHealth(OrdersReplication.SUBSCRIPTION), (answer) -> true);

			assertThat(health.healthy()).isFalse();
			assertThat(health.issues()).anySatisfy((issue) -> assertThat(issue)
				.containsPattern("the publisher did not answer within [34]s"));
			assertThat(silent.accepted()).isEqualTo(1);
		}
	}

	@Test
	void aSnapshotReadsThePublicationAndTheSubscriptionsAtOnceWithinOneBudget() {
		OrdersReplication.start(this.publisher, this.subscriber, (options) -> options.copyData(false));
		Duration budget = Duration.ofSeconds(3);
		Duration login = Duration.ofMillis(2500);
		// the managed database publishes and subscribes, and takes 2.5s to log in: read one half
		// after the other, a snapshot would take 5s, each half within the budget
		Replication replication = Replication.configure(slowToLogIn(this.subscriber.dataSource(), login))
			.desiredState(new DesiredState(
					List.of(DesiredPublication.of("audit_pub", PublicationDefinition.forTables("orders"))),
					List.of(declaredSubscription(this.publisher.dataSource()))))
			.healthTimeout(budget)
			.load();

		long started = System.nanoTime();
		ReplicationSnapshot snapshot = replication.snapshot();
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(snapshot.publisher()).isNotNull();
		assertThat(snapshot.subscriptions()).singleElement()
			.satisfies((subscription) -> assertThat(subscription.exists()).isTrue());
		assertThat(took).isGreaterThanOrEqualTo(login).as("one budget, not one per half").isLessThan(budget.plusSeconds(1));
	}

	/** A database whose server takes this long to answer a new connection's first statement. */
	private static DataSource slowToLogIn(DataSource dataSource, Duration login) {
		return (DataSource) Proxy.newProxyInstance(HealthTimeoutTests.class.getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, arguments) -> {
					try {
						Object result = method.invoke(dataSource, arguments);
						if (result instanceof Connection connection) {
							try (Statement statement = connection.createStatement()) {
								statement.execute("select pg_sleep(" + login.toMillis() / 1000.0 + ")");
							}
						}
						return result;
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	private Replication replicationWithPublisherAt(SilentServer silent, int loginTimeoutSeconds) {
		return Replication.configure(this.subscriber.dataSource())
			.desiredState(new DesiredState(List.of(), List.of(declaredSubscription(silentDataSource(silent,
					loginTimeoutSeconds)))))
			.healthTimeout(BUDGET)
			.load();
	}

	private DesiredSubscription declaredSubscription(DataSource publisher) {
		return new DesiredSubscription(OrdersReplication.SUBSCRIPTION,
				SubscriptionDefinition.builder(this.publisher.peerConnInfo(), OrdersReplication.PUBLICATION).build(),
				false, publisher, Setting.PUBLISHER_HOST);
	}

	private static DataSource silentDataSource(SilentServer silent, int loginTimeoutSeconds) {
		PGSimpleDataSource publisher = new PGSimpleDataSource();
		publisher.setServerNames(new String[] { silent.host() });
		publisher.setPortNumbers(new int[] { silent.port() });
		publisher.setDatabaseName("nowhere");
		publisher.setUser("postgres");
		// sslmode=prefer would try again without SSL after the first attempt timed out
		publisher.setSslMode("disable");
		publisher.setConnectTimeout(loginTimeoutSeconds);
		publisher.setLoginTimeout(loginTimeoutSeconds);
		publisher.setSocketTimeout(loginTimeoutSeconds);
		return publisher;
	}

}
