package io.pgrepl.benchmarks;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What to build and how often to measure, from {@code bench.*} system properties.
 *
 * @param tables tables on the publisher, spread over the publications
 * @param publications publications, spread over the subscriptions
 * @param subscriptions subscriptions on the subscriber
 * @param rounds measured rounds; each round calls every candidate of a group once
 * @param warmup rounds run first and not recorded
 * @param countingCalls calls per candidate in the counting pass (statements, connections)
 * @param startupRounds measured application starts of each kind
 * @param spring whether the Spring Boot application is measured too (HTTP health, startup)
 * @param readyTimeout how long to wait for every table to reach the ready state
 * @param syncRows rows of the initial-sync comparison, in 4 tables; 0 leaves it out
 * @param syncRounds measured initial syncs of each kind (and verifies, and switchovers)
 * @param switchoverRate transactions per second of the writer during the switchovers
 * @param publisherUrl JDBC URL of a given publisher database, or {@code null} to start one
 * @param subscriberUrl JDBC URL of a given subscriber database, or {@code null} to start one
 * @param user the role the measured calls connect as on given servers
 * @param password its password
 * @param output where the Markdown report is written
 */
record BenchmarkSettings(int tables, int publications, int subscriptions, int rounds, int warmup, int countingCalls,
		int startupRounds, boolean spring, Duration readyTimeout, int syncRows, int syncRounds,
		int switchoverRate, @Nullable String publisherUrl,
		@Nullable String subscriberUrl, @Nullable String user, @Nullable String password, Path output) {

	/** The state of issue 11: anything smaller is a smoke-size run. */
	static final int FULL_TABLES = 1000;

	static final int FULL_SUBSCRIPTIONS = 10;

	BenchmarkSettings {
		if (tables < publications || publications < subscriptions || subscriptions < 1) {
			throw new IllegalArgumentException("Need tables >= publications >= subscriptions >= 1, not " + tables + ", "
					+ publications + ", " + subscriptions);
		}
		if ((publisherUrl == null) != (subscriberUrl == null)) {
			throw new IllegalArgumentException("Give both bench.publisher.url and bench.subscriber.url, or neither");
		}
	}

	static BenchmarkSettings fromSystemProperties() {
		return new BenchmarkSettings(integer("bench.tables", 1000), integer("bench.publications", 10),
				integer("bench.subscriptions", 10), integer("bench.rounds", 50), integer("bench.warmup", 5),
				integer("bench.counting-calls", 5), integer("bench.startup-rounds", 10),
				Boolean.parseBoolean(text("bench.spring", "true")),
				Duration.parse(text("bench.ready-timeout", "PT15M")), integer("bench.sync-rows", 3_000_000),
				integer("bench.sync-rounds", 3), integer("bench.switchover-rate", 200),
				optional("bench.publisher.url"), optional("bench.subscriber.url"), optional("bench.user"),
				optional("bench.password"), Path.of(text("bench.output", "docs/benchmarks.md")));
	}

	boolean givenServers() {
		return this.publisherUrl != null;
	}

	boolean smokeSize() {
		return this.tables < FULL_TABLES || this.subscriptions < FULL_SUBSCRIPTIONS;
	}

	/** The command that repeats this run. */
	String command() {
		StringBuilder command = new StringBuilder(
				"./mvnw -B -ntp verify -pl replication-benchmarks -am -Pbenchmarks -DskipTests");
		command.append(" -Dpg.version=").append(System.getProperty("pg.version", "17"));
		command.append(" -Dbench.tables=").append(this.tables);
		command.append(" -Dbench.publications=").append(this.publications);
		command.append(" -Dbench.subscriptions=").append(this.subscriptions);
		command.append(" -Dbench.rounds=").append(this.rounds);
		command.append(" -Dbench.warmup=").append(this.warmup);
		command.append(" -Dbench.counting-calls=").append(this.countingCalls);
		command.append(" -Dbench.startup-rounds=").append(this.startupRounds);
		command.append(" -Dbench.spring=").append(this.spring);
		command.append(" -Dbench.sync-rows=").append(this.syncRows);
		command.append(" -Dbench.sync-rounds=").append(this.syncRounds);
		command.append(" -Dbench.switchover-rate=").append(this.switchoverRate);
		if (givenServers()) {
			command.append(" -Dbench.publisher.url=... -Dbench.subscriber.url=...")
				.append(" -Dbench.user=... -Dbench.password=...");
		}
		return command.toString();
	}

	private static int integer(String name, int defaultValue) {
		return Integer.parseInt(text(name, String.valueOf(defaultValue)));
	}

	private static String text(String name, String defaultValue) {
		String value = optional(name);
		return (value != null) ? value : defaultValue;
	}

	// The Maven profile passes every property, empty when not set.
	private static @Nullable String optional(String name) {
		String value = System.getProperty(name);
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
