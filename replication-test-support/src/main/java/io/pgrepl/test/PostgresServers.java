package io.pgrepl.test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers of one test JVM. {@link #publisher()} and {@link #subscriber()} are two separate
 * clusters started once (in parallel) and stopped when the JVM exits; tests take fresh databases on
 * them. Tests that must change server-wide settings or stop a server start a dedicated one with
 * {@link #startDedicated(String, Map)} and close it themselves.
 *
 * <p>
 * System properties: {@code pg.version} (14–18, default 17) is the expected major version, checked
 * at startup, and {@code pg.backend} is {@code embedded}, {@code testcontainers} or {@code auto}
 * (default: Testcontainers when a Docker engine answers, embedded binaries otherwise).
 */
public final class PostgresServers {

	private static final Logger logger = LoggerFactory.getLogger(PostgresServers.class);

	private static final Map<String, PostgresServer> shared = new ConcurrentHashMap<>();

	private static volatile boolean started;

	private PostgresServers() {
	}

	/** The shared publisher cluster. */
	public static PostgresServer publisher() {
		startShared();
		return shared.get("publisher");
	}

	/** The shared subscriber cluster, distinct from the publisher's. */
	public static PostgresServer subscriber() {
		startShared();
		return shared.get("subscriber");
	}

	/**
	 * Starts a server for one test class, with the harness settings overridden by {@code config}
	 * (for example {@code wal_level=replica}). The caller closes it.
	 */
	public static PostgresServer startDedicated(String name, Map<String, String> config) {
		Map<String, String> merged = new LinkedHashMap<>(defaultConfig());
		merged.putAll(config);
		return start(name, merged);
	}

	/** The PostgreSQL major version the build asked for with {@code -Dpg.version}. */
	public static int requestedMajorVersion() {
		return Integer.parseInt(System.getProperty("pg.version", "17"));
	}

	/**
	 * Settings of every harness server. Generous capacity, because tests run many subscriptions in
	 * one cluster; a short {@code wal_retrieve_retry_interval}, because after an error or an
	 * ENABLE the launcher waits that long before starting an apply worker again (5 s by default);
	 * and durability off, since test data is thrown away.
	 */
	public static Map<String, String> defaultConfig() {
		Map<String, String> config = new LinkedHashMap<>();
		config.put("wal_level", "logical");
		config.put("max_replication_slots", "64");
		config.put("max_wal_senders", "64");
		config.put("max_worker_processes", "48");
		config.put("max_logical_replication_workers", "32");
		config.put("max_connections", "200");
		config.put("wal_retrieve_retry_interval", "200ms");
		config.put("fsync", "off");
		config.put("synchronous_commit", "off");
		config.put("full_page_writes", "off");
		return config;
	}

	private static void startShared() {
		if (started) {
			return;
		}
		synchronized (PostgresServers.class) {
			if (started) {
				return;
			}
			CompletableFuture<PostgresServer> publisher = CompletableFuture
				.supplyAsync(() -> start("publisher", defaultConfig()));
			CompletableFuture<PostgresServer> subscriber = CompletableFuture
				.supplyAsync(() -> start("subscriber", defaultConfig()));
			shared.put("publisher", publisher.join());
			shared.put("subscriber", subscriber.join());
			Runtime.getRuntime().addShutdownHook(new Thread(() -> shared.values().forEach(PostgresServer::close)));
			started = true;
		}
	}

	private static PostgresServer start(String name, Map<String, String> config) {
		int major = requestedMajorVersion();
		long startedAt = System.nanoTime();
		PostgresServer server = useTestcontainers() ? new ContainerPostgresServer(name, major, config)
				: new EmbeddedPostgresServer(name, config);
		int actual = server.majorVersion();
		if (actual != major) {
			server.close();
			throw new IllegalStateException("Server '" + name + "' runs PostgreSQL " + actual + " but -Dpg.version="
					+ major + " was asked for; the embedded binaries come from the pg" + major + " Maven profile");
		}
		logger.info("PostgreSQL {} '{}' started at {}:{} in {} ms", actual, name, server.host(), server.port(),
				(System.nanoTime() - startedAt) / 1_000_000);
		return server;
	}

	private static boolean useTestcontainers() {
		String backend = System.getProperty("pg.backend", "auto");
		return switch (backend) {
			case "embedded" -> false;
			case "testcontainers" -> true;
			case "auto" -> DockerProbe.dockerAvailable();
			default -> throw new IllegalArgumentException(
					"pg.backend must be embedded, testcontainers or auto, not '" + backend + "'");
		};
	}

}
