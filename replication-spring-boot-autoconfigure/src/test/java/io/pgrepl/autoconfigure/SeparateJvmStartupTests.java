package io.pgrepl.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Eight instances of one application, each in its own JVM as a rolling deploy or a scale-out starts
 * them, released at the same moment by a line on each one's standard input: the advisory reconcile lock lets one of them run the DDL; the
 * others find the database in sync. In the fault suite ({@code -Pfaults}): eight JVMs on a small
 * machine take a minute or two.
 */
@Tag("faults")
class SeparateJvmStartupTests extends ReplicationIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(SeparateJvmStartupTests.class);

	private static final int INSTANCES = 8;

	private static final String READY = "INSTANCE READY";

	private static final String STARTED = "INSTANCE STARTED";

	@Test
	void eightInstancesInSeparateJvmsStartedAtOnceRunTheDdlOnce() throws Exception {
		this.publisher.execute("create table orders (id int primary key, item text)",
				"insert into orders select g, md5(g::text) from generate_series(1, 1000) g",
				"create publication orders_pub for table orders");
		this.subscriber.execute("create table audit (id int primary key)");
		Map<String, Object> properties = new LinkedHashMap<>(TestApplications.ordersSubscription(this.publisher, "postgres"));
		properties.put("replication.subscriptions.orders_sub.create-tables", "true");
		properties.put("replication.publications.audit_pub.tables", "audit");
		properties.put("spring.datasource.url", this.subscriber.jdbcUrl());
		properties.put("spring.datasource.username", "postgres");
		properties.put("spring.datasource.hikari.maximum-pool-size", "2");

		Path directory = Files.createTempDirectory("pgrepl-instances");
		List<Process> instances = new ArrayList<>();
		List<Path> logs = new ArrayList<>();
		try {
			for (int i = 0; i < INSTANCES; i++) {
				List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
						"-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
						InstanceApplication.class.getName()));
				properties.forEach((key, value) -> command.add(key + "=" + value));
				Path log = directory.resolve("instance-" + i + ".log");
				logs.add(log);
				instances.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
			}
			await("every JVM is up and waiting for the signal").atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> logs.stream().filter((log) -> read(log).contains(READY)).count() == INSTANCES
						|| instances.stream().anyMatch((instance) -> !instance.isAlive()));
			assertThat(instances).as("instances alive before the signal").allMatch(Process::isAlive);
			long released = System.nanoTime();
			for (Process instance : instances) {
				instance.getOutputStream().write('\n');
				instance.getOutputStream().flush();
			}
			for (Process instance : instances) {
				assertThat(instance.waitFor(3, TimeUnit.MINUTES)).as("an instance ended within 3 minutes").isTrue();
			}
			long seconds = Duration.ofNanos(System.nanoTime() - released).toSeconds();
			StringBuilder all = new StringBuilder();
			for (int i = 0; i < INSTANCES; i++) {
				String log = read(logs.get(i));
				assertThat(instances.get(i).exitValue()).as("instance %d's exit, log:%n%s", i, log).isZero();
				assertThat(log).contains(STARTED).doesNotContain("APPLICATION FAILED TO START");
				all.append(log);
			}
			List<String> statements = ReplicationStartupTests.statements(all.toString());
			assertThat(statements).filteredOn((sql) -> sql.startsWith("CREATE PUBLICATION")).hasSize(1);
			assertThat(statements).filteredOn((sql) -> sql.startsWith("CREATE SUBSCRIPTION")).hasSize(1);
			assertThat(statements).filteredOn((sql) -> sql.startsWith("CREATE TABLE")).hasSize(1);
			long applying = logs.stream().filter((log) -> !ReplicationStartupTests.statements(read(log)).isEmpty()).count();
			assertThat(applying).as("instances that ran DDL").isEqualTo(1);
			assertThat(this.subscriber.queryForLong("select count(*) from pg_publication")).isEqualTo(1);
			assertThat(this.subscriber.queryForLong("select count(*) from pg_subscription s join pg_database d "
					+ "on d.oid = s.subdbid where d.datname = current_database()")).isEqualTo(1);
			assertThat(this.publisher.queryForLong(
					"select count(*) from pg_replication_slots where database = current_database() and slot_name not like 'pg_%_sync_%'"))
				.isEqualTo(1);
			await("every row on both sides").atMost(Duration.ofSeconds(60))
				.until(() -> String.valueOf(this.subscriber.queryForObject(SUMMARY))
					.equals(String.valueOf(this.publisher.queryForObject(SUMMARY))));
			logger.info("FAULT {} instances in separate JVMs: all started and ended in {} s after the signal, {} ran DDL "
					+ "({} statements), orders equal on both sides", INSTANCES, seconds, applying, statements.size());
		}
		finally {
			instances.forEach(Process::destroyForcibly);
		}
	}

	private static final String SUMMARY = "select count(*) || ':' || coalesce(md5(string_agg(id || '/' || item, ',' "
			+ "order by id)), '') from orders";

	private static String read(Path log) {
		try {
			return Files.readString(log);
		}
		catch (IOException ex) {
			return "";
		}
	}

	/**
	 * One instance: waits for a line on standard input, starts the application with the {@code key=value}
	 * arguments, and stops it.
	 */
	static final class InstanceApplication {

		public static void main(String[] args) throws Exception {
			Map<String, Object> properties = new LinkedHashMap<>();
			for (int i = 0; i < args.length; i++) {
				int equals = args[i].indexOf('=');
				properties.put(args[i].substring(0, equals), args[i].substring(equals + 1));
			}
			System.out.println(READY);
			// released by a line on standard input; the end of it (the test gone) ends the instance
			if (System.in.read() < 0) {
				System.exit(2);
			}
			int exit = 1;
			try (ConfigurableApplicationContext app = TestApplications.builder().properties(properties).run()) {
				System.out.println(STARTED);
				exit = 0;
			}
			finally {
				System.exit(exit);
			}
		}

	}

}
