package io.pgrepl.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import io.pgrepl.test.SilentServer;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A publisher that refuses connections fails its callers at once, with the driver's reason; one
 * that is only slow still gets the whole connection timeout. No server is needed: a closed port
 * refuses, and a {@link SilentServer} is slow.
 */
class FailFastPoolTests {

	/** The pool's connection timeout is connect plus login: 20s. */
	private static final Duration CONNECT = Duration.ofSeconds(10);

	@Test
	void callersOfAPublisherThatRefusesFailAtOnceWithTheReasonNotAfterTheConnectionTimeout() throws Exception {
		int closed = closedPort();
		ExecutorService callers = Executors.newFixedThreadPool(4);
		try (PublisherPools pools = new PublisherPools(timeouts(CONNECT, CONNECT))) {
			DataSource pool = pools.pool(publisherAt(closed), false);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Duration>> failed = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				failed.add(callers.submit(() -> {
					go.await();
					long started = System.nanoTime();
					assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(pool))
						.withMessageContaining("Connection to 127.0.0.1:" + closed + " refused");
					assertThat(Thread.currentThread().isInterrupted()).as("the caller's interrupt flag").isFalse();
					return Duration.ofNanos(System.nanoTime() - started);
				}));
			}
			go.countDown();
			for (Future<Duration> took : failed) {
				assertThat(took.get(30, TimeUnit.SECONDS)).isLessThan(Duration.ofSeconds(5));
			}
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void aCallerAlreadyInterruptedKeepsItsInterrupt() throws Exception {
		try (PublisherPools pools = new PublisherPools(timeouts(CONNECT, CONNECT))) {
			DataSource pool = pools.pool(publisherAt(closedPort()), false);
			Thread.currentThread().interrupt();
			try {
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(pool));
				assertThat(Thread.currentThread().isInterrupted()).isTrue();
			}
			finally {
				Thread.interrupted();
			}
		}
	}

	@Test
	void aPublisherThatIsOnlySlowGetsTheWholeLoginTimeout() {
		try (SilentServer silent = new SilentServer();
				PublisherPools pools = new PublisherPools(timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)))) {
			PGSimpleDataSource publisher = publisherAt(silent.port());
			DataSource pool = pools.pool(publisher, false);

			long started = System.nanoTime();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(pool));
			Duration took = Duration.ofNanos(System.nanoTime() - started);

			// pgjdbc's login timeout, not a failure the pool made up before it
			assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1900)).isLessThan(Duration.ofSeconds(10));
			assertThat(silent.accepted()).isOne();
		}
	}

	private static void connect(DataSource pool) throws SQLException {
		try (Connection connection = pool.getConnection()) {
			connection.isValid(1);
		}
	}

	private static PGSimpleDataSource publisherAt(int port) {
		PGSimpleDataSource publisher = new PGSimpleDataSource();
		publisher.setServerNames(new String[] { "127.0.0.1" });
		publisher.setPortNumbers(new int[] { port });
		publisher.setDatabaseName("shop");
		publisher.setUser("replicator");
		publisher.setSslMode("disable");
		return publisher;
	}

	private static ReplicationProperties.Timeouts timeouts(Duration connect, Duration login) {
		ReplicationProperties.Timeouts timeouts = new ReplicationProperties.Timeouts();
		timeouts.setConnect(connect);
		timeouts.setLogin(login);
		return timeouts;
	}

	/** A port nothing listens on: connecting to it is refused. */
	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
