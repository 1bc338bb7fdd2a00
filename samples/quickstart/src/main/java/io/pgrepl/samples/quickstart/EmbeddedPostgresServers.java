package io.pgrepl.samples.quickstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The demo's two PostgreSQL clusters, a publisher and a subscriber, started in-process from the
 * embedded binaries the tests use (io.zonky.test; the build's {@code pg.version} picks the major
 * version). They start when the first application's configuration has been read, unless
 * {@code quickstart.embedded} is {@code false}, and fill in the {@code quickstart.publisher.*} and
 * {@code quickstart.subscriber.*} properties that {@code application.yml} connects with.
 */
final class EmbeddedPostgresServers implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServers.class);

	private @Nullable Running running;

	@Override
	public synchronized void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		if (!environment.getProperty("quickstart.embedded", Boolean.class, true)) {
			return;
		}
		if (this.running == null) {
			this.running = start();
		}
		Map<String, Object> coordinates = new LinkedHashMap<>();
		coordinates.putAll(coordinates("publisher", this.running.publisher()));
		coordinates.putAll(coordinates("subscriber", this.running.subscriber()));
		environment.getPropertySources().addFirst(new MapPropertySource("quickstartEmbeddedServers", coordinates));
	}

	/**
	 * Stops both servers and deletes their data: the subscriber first, so that its apply worker
	 * does not retry against a publisher that is gone.
	 */
	@Override
	public synchronized void close() {
		Running stopping = this.running;
		this.running = null;
		if (stopping != null) {
			stop(stopping.subscriber());
			stop(stopping.publisher());
			logger.info("Embedded PostgreSQL servers stopped");
		}
	}

	private static Running start() {
		CompletableFuture<EmbeddedPostgres> publisher = CompletableFuture.supplyAsync(EmbeddedPostgresServers::startServer);
		CompletableFuture<EmbeddedPostgres> subscriber = CompletableFuture.supplyAsync(EmbeddedPostgresServers::startServer);
		try {
			Running running = new Running(publisher.join(), subscriber.join());
			logger.info("Embedded PostgreSQL servers started: publisher on localhost:{}, subscriber on localhost:{} "
					+ "(user postgres, database postgres)", running.publisher().getPort(), running.subscriber().getPort());
			return running;
		}
		catch (CompletionException ex) {
			// One failed: stop the other once it is up, so that no server outlives the application.
			publisher.thenAccept(EmbeddedPostgresServers::stop);
			subscriber.thenAccept(EmbeddedPostgresServers::stop);
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	private static EmbeddedPostgres startServer() {
		try {
			// Logical replication needs wal_level = logical on the publisher. Spring's shutdown hook
			// stops the servers after it has closed the applications; zonky's own hook would race it.
			return EmbeddedPostgres.builder()
				.setServerConfig("wal_level", "logical")
				.setRegisterShutdownHook(false)
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start an embedded PostgreSQL server", ex);
		}
	}

	private static Map<String, Object> coordinates(String role, EmbeddedPostgres server) {
		String prefix = "quickstart." + role + ".";
		return Map.of(prefix + "host", "localhost", prefix + "port", server.getPort(), prefix + "database", "postgres",
				prefix + "username", "postgres", prefix + "password", "");
	}

	private static void stop(EmbeddedPostgres server) {
		try {
			server.close();
		}
		catch (IOException ex) {
			logger.warn("Cannot stop the embedded PostgreSQL server on port {}", server.getPort(), ex);
		}
	}

	private record Running(EmbeddedPostgres publisher, EmbeddedPostgres subscriber) {
	}

}
