package io.pgrepl.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import io.pgrepl.core.Replication;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.core.plan.Plan;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Time to ready of a new subscription to {@code bench.sync-rows} rows in 4 tables, each with a
 * primary key and 2 secondary indexes: pgrepl creating the tables against the same subscription
 * written by hand, and against copying the tables with {@code pg_dump | psql}. Each call starts from
 * a subscriber without the tables and ends when every table is ready (and, where said, indexed).
 */
final class InitialSync {

	private static final Logger logger = LoggerFactory.getLogger(InitialSync.class);

	static final int TABLES = 4;

	private static final String PUBLICATION = "bench_sync_pub";

	static final String SUBSCRIPTION = "bench_sync_sub";

	private static final Pattern MAJOR = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

	private final BenchmarkSettings settings;

	private final Endpoint publisher;

	private final Endpoint subscriber;

	private final DataSource subscriberPool;

	private final DataSource publisherPool;

	private final List<String> tables = IntStream.rangeClosed(1, TABLES).mapToObj((i) -> "bench_sync_" + i).toList();

	InitialSync(BenchmarkSettings settings, Endpoint publisher, Endpoint subscriber, DataSource subscriberPool,
			DataSource publisherPool) {
		this.settings = settings;
		this.publisher = publisher;
		this.subscriber = subscriber;
		this.subscriberPool = subscriberPool;
		this.publisherPool = publisherPool;
	}

	/** The tables and their rows on the publisher, and the publication. */
	void build() {
		drop();
		int rows = this.settings.syncRows() / TABLES;
		long startedAt = System.nanoTime();
		for (String table : this.tables) {
			this.publisher.execute(createTable(table, true),
					"INSERT INTO " + table + " SELECT g, g % 1000, now() - g * interval '1 second', "
							+ "(g % 100000) / 100.0, md5(g::text) FROM generate_series(1, " + rows + ") g",
					"ANALYZE " + table);
		}
		this.publisher.execute("CREATE PUBLICATION " + PUBLICATION + " FOR TABLE " + String.join(", ", this.tables));
		logger.info("{} rows in {} tables on the publisher in {} s", rows * TABLES, TABLES,
				(System.nanoTime() - startedAt) / 1_000_000_000);
	}

	/** Removes the subscription (with its slot), the publication and the tables. */
	void drop() {
		dropSubscriber();
		this.publisher.execute("DROP PUBLICATION IF EXISTS " + PUBLICATION);
		for (String table : this.tables) {
			this.publisher.execute("DROP TABLE IF EXISTS " + table);
		}
	}

	Group group() {
		List<Candidate> candidates = new ArrayList<>();
		candidates.add(timed("pgrepl `apply()` with `create-tables`, to every table ready (its 8 secondary indexes "
				+ "deferred)", () -> pgrepl(false)));
		candidates.add(timed("pgrepl `apply()` with `create-tables`, to every table ready and its 8 secondary indexes "
				+ "built (a second `apply()`)", () -> pgrepl(true)));
		String pgDump = pgDumpRefusal();
		if (pgDump == null) {
			candidates.add(timed("`pg_dump | psql` of the 4 tables with their 8 secondary indexes (no replication)",
					this::dumpAndRestore));
		}
		else {
			logger.warn("Leaving out pg_dump | psql: {}", pgDump);
		}
		return new Group("Initial sync of " + String.format("%,d", this.settings.syncRows()) + " rows in " + TABLES
				+ " tables, from no table on the subscriber to every table ready (" + this.settings.syncRounds()
				+ " of each)" + ((pgDump != null) ? "; `pg_dump | psql` left out: " + pgDump : ""),
				timed("by hand: `CREATE TABLE` with the primary key only, `CREATE SUBSCRIPTION` (baseline)",
						this::byHand),
				candidates, new Group.Repeats(0, this.settings.syncRounds(), 1), false);
	}

	private void byHand() {
		for (String table : this.tables) {
			this.subscriber.execute(createTable(table, false));
		}
		this.subscriber.execute("CREATE SUBSCRIPTION " + SUBSCRIPTION + " CONNECTION '"
				+ this.publisher.peerConnInfo().toConnectionString().replace("'", "''") + "' PUBLICATION " + PUBLICATION);
		awaitReady();
	}

	/** The tables of the comparison, on the publisher (and on the subscriber once subscribed). */
	List<String> tables() {
		return this.tables;
	}

	/** Subscribes afresh with pgrepl, every table ready and indexed, for what is measured on a subscribed state. */
	Replication subscribeAndAwaitReady() {
		dropSubscriber();
		Replication replication = replication();
		replication.apply();
		awaitReady();
		replication.apply();
		return replication;
	}

	private Replication replication() {
		DesiredSubscription subscription = new DesiredSubscription(SUBSCRIPTION,
				SubscriptionDefinition.builder(this.publisher.peerConnInfo(), PUBLICATION).build(), true,
				this.publisherPool, Setting.PUBLISHER);
		return Replication.configure(this.subscriberPool)
			.desiredState(new DesiredState(List.of(), List.of(subscription)))
			.load();
	}

	private void pgrepl(boolean buildDeferred) {
		Replication replication = replication();
		replication.apply();
		awaitReady();
		if (buildDeferred) {
			Plan plan = replication.apply();
			if (plan.hasNoActions()) {
				throw new IllegalStateException("The second apply() built no deferred index");
			}
			if (this.subscriber.queryForLong("select count(*) from pg_indexes where tablename like 'bench\\_sync\\_%'")
					!= 3 * TABLES) {
				throw new IllegalStateException("The second apply() did not build every deferred index");
			}
		}
	}

	private void dumpAndRestore() throws IOException, InterruptedException {
		List<String> dump = new ArrayList<>(List.of("pg_dump", "--no-owner", "--no-privileges", "--no-publications",
				"-h", this.publisher.host(), "-p", String.valueOf(this.publisher.port()), "-U", this.publisher.user(),
				"-d", this.publisher.database()));
		this.tables.forEach((table) -> dump.addAll(List.of("-t", "public." + table)));
		String pipeline = "set -o pipefail; PGPASSWORD=\"$PUBLISHER_PASSWORD\" " + String.join(" ", dump)
				+ " | PGPASSWORD=\"$SUBSCRIBER_PASSWORD\" psql -q -v ON_ERROR_STOP=1 -h " + this.subscriber.host() + " -p "
				+ this.subscriber.port() + " -U " + this.subscriber.user() + " -d " + this.subscriber.database();
		ProcessBuilder builder = new ProcessBuilder("bash", "-c", pipeline).redirectErrorStream(true);
		Map<String, String> environment = builder.environment();
		environment.put("PUBLISHER_PASSWORD", this.publisher.password());
		environment.put("SUBSCRIBER_PASSWORD", this.subscriber.password());
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(this.settings.readyTimeout().toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException("pg_dump | psql failed: " + output);
		}
	}

	/** Why {@code pg_dump} cannot dump the publisher (not installed, older than the server), or {@code null}. */
	private @Nullable String pgDumpRefusal() {
		String version;
		try {
			Process process = new ProcessBuilder("pg_dump", "--version").redirectErrorStream(true).start();
			version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			return "no `pg_dump` on the PATH";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
		Matcher matcher = MAJOR.matcher(version);
		int server = (int) (this.publisher.queryForLong("select current_setting('server_version_num')::int") / 10000);
		if (!matcher.find() || Integer.parseInt(matcher.group(1)) < server) {
			return "`" + version + "` cannot dump PostgreSQL " + server + " (run with `-Dpg.version` at most its major)";
		}
		return null;
	}

	private void awaitReady() {
		String sql = "select count(*) from pg_subscription_rel r join pg_subscription s on s.oid = r.srsubid "
				+ "where r.srsubstate = 'r' and s.subname = '" + SUBSCRIPTION + "'";
		Awaitility.await("the " + TABLES + " tables ready on the subscriber")
			.atMost(this.settings.readyTimeout())
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.subscriber.queryForLong(sql) == TABLES);
	}

	/** Each call starts from a subscriber without the subscription and the tables; that part is not timed. */
	private Candidate timed(String name, Candidate.Call call) {
		return new Candidate(name, () -> {
			dropSubscriber();
			long startedAt = System.nanoTime();
			call.run();
			return System.nanoTime() - startedAt;
		});
	}

	private void dropSubscriber() {
		if (this.subscriber.queryForLong("select count(*) from pg_subscription where subname = '" + SUBSCRIPTION
				+ "' and subdbid = (select oid from pg_database where datname = current_database())") > 0) {
			this.subscriber.execute("DROP SUBSCRIPTION " + SUBSCRIPTION);
		}
		for (String table : this.tables) {
			this.subscriber.execute("DROP TABLE IF EXISTS " + table);
		}
		// what an earlier round deferred and did not build
		if (!"null".equals(String.valueOf(this.subscriber.queryForString("select to_regclass('pgrepl.deferred_ddl')")))) {
			this.subscriber.execute("DELETE FROM pgrepl.deferred_ddl WHERE subscription = '" + SUBSCRIPTION + "'");
		}
	}

	private static String createTable(String table, boolean withIndexes) {
		String create = "CREATE TABLE " + table + " (id bigint PRIMARY KEY, customer int NOT NULL, "
				+ "created timestamptz NOT NULL, amount numeric(12, 2), note text)";
		if (!withIndexes) {
			return create;
		}
		return create + "; CREATE INDEX ON " + table + " (customer, created); CREATE INDEX ON " + table + " (note)";
	}

}
