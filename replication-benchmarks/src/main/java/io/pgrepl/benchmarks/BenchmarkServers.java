package io.pgrepl.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.pgrepl.test.PostgresServer;
import io.pgrepl.test.PostgresServers;
import io.pgrepl.test.TestDatabase;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The publisher and subscriber: two servers started the way the tests start theirs (embedded
 * binaries of {@code -Dpg.version}, or Testcontainers), with {@code pg_stat_statements} loaded, or
 * two given databases.
 */
final class BenchmarkServers implements AutoCloseable {

	/** Role of the measured calls on started servers: password authentication over TCP (scram). */
	private static final String ROLE = "bench";

	// Not a word of any object name: pgrepl masks the password wherever it appears in a log line.
	private static final String PASSWORD = "x7-secret-of-the-benchmark";

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final Endpoint publisher;

	private final Endpoint subscriber;

	BenchmarkServers(BenchmarkSettings settings) {
		if (settings.givenServers()) {
			this.publisher = given("publisher", settings.publisherUrl(), settings);
			this.subscriber = given("subscriber", settings.subscriberUrl(), settings);
		}
		else {
			CompletableFuture<Endpoint> publisher = CompletableFuture.supplyAsync(() -> started("publisher"));
			CompletableFuture<Endpoint> subscriber = CompletableFuture.supplyAsync(() -> started("subscriber"));
			this.publisher = publisher.join();
			this.subscriber = subscriber.join();
		}
	}

	Endpoint publisher() {
		return this.publisher;
	}

	Endpoint subscriber() {
		return this.subscriber;
	}

	private Endpoint started(String name) {
		PostgresServer server = PostgresServers.startDedicated(name,
				Map.of("shared_preload_libraries", "pg_stat_statements"));
		synchronized (this.resources) {
			this.resources.add(server);
		}
		TestDatabase database = server.createDatabase();
		server.executeAsSuperuser("postgres", "CREATE ROLE " + ROLE + " LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'");
		return new Endpoint(name, server.host(), server.port(), database.name(), ROLE, PASSWORD, server.peerHost(),
				server.peerPort(), database.dataSource());
	}

	private static Endpoint given(String name, String url, BenchmarkSettings settings) {
		if (settings.user() == null || settings.password() == null) {
			throw new IllegalArgumentException("Given servers need bench.user and bench.password");
		}
		PGSimpleDataSource admin = new PGSimpleDataSource();
		admin.setURL(url);
		admin.setUser(settings.user());
		admin.setPassword(settings.password());
		admin.setApplicationName("pgrepl-benchmarks");
		String host = admin.getServerNames()[0];
		int port = admin.getPortNumbers()[0];
		port = (port > 0) ? port : 5432;
		return new Endpoint(name, host, port, admin.getDatabaseName(), settings.user(), settings.password(), host, port,
				admin);
	}

	@Override
	public void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

}
