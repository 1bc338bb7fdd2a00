package io.pgrepl.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.pgrepl.core.Replication;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.core.switchover.SwitchoverOptions;
import io.pgrepl.core.switchover.SwitchoverReport;
import io.pgrepl.core.verify.VerifyReport;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migration operations of issue 10 at size: verify's throughput against one full-table
 * checksum query per side (a {@link Group}), and the write-blocked window of a switchover while an
 * application writes at a steady rate (a section of its own: one figure per run, with rows lost
 * and duplicated).
 */
final class MigrationRuns {

	private static final Logger logger = LoggerFactory.getLogger(MigrationRuns.class);

	private static final String SWITCH_TABLE = "bench_switch";

	private static final String SWITCH_PUBLICATION = "bench_switch_pub";

	private static final String SWITCH_SUBSCRIPTION = "bench_switch_sub";

	private static final String APP_ROLE = "bench_app";

	private final BenchmarkSettings settings;

	private final Endpoint publisher;

	private final Endpoint subscriber;

	private final DataSource subscriberPool;

	private final DataSource publisherPool;

	MigrationRuns(BenchmarkSettings settings, Endpoint publisher, Endpoint subscriber, DataSource subscriberPool,
			DataSource publisherPool) {
		this.settings = settings;
		this.publisher = publisher;
		this.subscriber = subscriber;
		this.subscriberPool = subscriberPool;
		this.publisherPool = publisherPool;
	}

	/**
	 * Verify of the initial-sync tables, subscribed and ready, against {@code md5(string_agg(...))}
	 * of each whole table on each side: the same rows read, in one query per table and side.
	 */
	Group verify(InitialSync sync) {
		Replication replication = sync.subscribeAndAwaitReady();
		long rows = this.settings.syncRows();
		return new Group(String.format(Locale.ROOT, "Verify of %,d rows in %d tables, while subscribed (%d of each)",
				rows, InitialSync.TABLES, this.settings.syncRounds()),
				Candidate.of("one `md5(string_agg(t::text, '' order by id))` query per table on each side, one side "
						+ "after the other, on the pooled connections (baseline)", () -> {
							for (String table : sync.tables()) {
								String sql = "select md5(string_agg(t::text, '' order by id)) from " + table + " t";
								if (!checksum(this.publisherPool, sql).equals(checksum(this.subscriberPool, sql))) {
									throw new IllegalStateException(table + " differs between the two sides");
								}
							}
						}),
				List.of(Candidate.of("`Replication.verify(subscription)`, default options (adaptive chunks by key range)",
						() -> {
							VerifyReport report = replication.verify(InitialSync.SUBSCRIPTION);
							if (!report.equal() || report.rowsCompared() != rows) {
								throw new IllegalStateException("verify did not find the tables equal: " + report);
							}
						})),
				new Group.Repeats(0, this.settings.syncRounds(), 1), false);
	}

	private static String checksum(DataSource pool, String sql) throws SQLException {
		try (Connection connection = pool.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet resultSet = statement.executeQuery()) {
			resultSet.next();
			return resultSet.getString(1);
		}
	}

	/**
	 * Switchovers while a writer as {@code bench_app} inserts at {@code bench.switchover-rate}
	 * transactions per second: each run subscribes afresh, lets the writer run, switches over, then
	 * compares what the writer committed with both sides.
	 */
	String switchovers() throws Exception {
		setUpSwitchover();
		StringBuilder section = new StringBuilder();
		section.append("### Switchover under a write load\n\n")
			.append(String.format(Locale.ROOT, "%d switchovers of subscription `%s` (table `%s`) while an application "
					+ "thread, as role `%s`, inserts one row per transaction at a target of %d per second on the "
					+ "publisher; each starts from a new subscription, every table ready, the writer running for 5 s. "
					+ "Default `SwitchoverOptions.forRoles(\"%s\")`: no verification inside the window, the subscription "
					+ "dropped at the end. Rows are compared after the writer stopped, by count and "
					+ "`md5(string_agg(...))` on both sides.\n\n", this.settings.syncRounds(), SWITCH_SUBSCRIPTION,
					SWITCH_TABLE, APP_ROLE, this.settings.switchoverRate(), APP_ROLE))
			.append("| Run | Writer rate before, tx/s | Write-blocked window ms | Committed by the writer | Rows on the "
					+ "publisher / subscriber | Lost | Duplicated | Same checksum |\n")
			.append("|---:|---:|---:|---:|---:|---:|---:|---|\n");
		try {
			for (int run = 1; run <= this.settings.syncRounds(); run++) {
				section.append(switchover(run));
			}
		}
		finally {
			tearDownSwitchover();
		}
		return section.append('\n').toString();
	}

	private String switchover(int run) throws Exception {
		resetSwitchover();
		Replication replication = Replication.configure(this.subscriberPool)
			.desiredState(new DesiredState(List.of(),
					List.of(new DesiredSubscription(SWITCH_SUBSCRIPTION,
							SubscriptionDefinition.builder(this.publisher.peerConnInfo(), SWITCH_PUBLICATION).build(), true,
							this.publisherPool, Setting.PUBLISHER))))
			.load();
		replication.apply();
		Awaitility.await("the switchover table ready")
			.atMost(this.settings.readyTimeout())
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.subscriber.queryForLong("select count(*) from pg_subscription_rel r join pg_subscription s "
					+ "on s.oid = r.srsubid where s.subname = '" + SWITCH_SUBSCRIPTION + "' and r.srsubstate = 'r'") == 1);
		try (Writer writer = new Writer(this.publisher, this.settings.switchoverRate())) {
			long startedAt = System.nanoTime();
			Awaitility.await("the writer running for 5 s")
				.atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> System.nanoTime() - startedAt >= Duration.ofSeconds(5).toNanos());
			double rate = writer.committed() / ((System.nanoTime() - startedAt) / 1e9);
			SwitchoverReport report = replication.switchover(SWITCH_SUBSCRIPTION, SwitchoverOptions.forRoles(APP_ROLE));
			if (!report.completed()) {
				throw new IllegalStateException("The switchover did not complete: " + report);
			}
			writer.close();
			long committed = writer.committed();
			long onPublisher = this.publisher.queryForLong("select count(*) from " + SWITCH_TABLE);
			long onSubscriber = this.subscriber.queryForLong("select count(*) from " + SWITCH_TABLE);
			long distinct = this.subscriber.queryForLong("select count(distinct id) from " + SWITCH_TABLE);
			String checksum = "select md5(string_agg(t::text, '' order by id)) from " + SWITCH_TABLE + " t";
			boolean same = this.publisher.queryForString(checksum).equals(this.subscriber.queryForString(checksum));
			logger.info("Switchover {}: window {} ms, {} committed, {} / {} rows", run, report.writeBlockedMillis(),
					committed, onPublisher, onSubscriber);
			return String.format(Locale.ROOT, "| %d | %.0f | %d | %d | %d / %d | %d | %d | %s |\n", run, rate,
					report.writeBlockedMillis(), committed, onPublisher, onSubscriber, Math.max(0, committed - distinct),
					onSubscriber - distinct, same ? "yes" : "**no**");
		}
	}

	private void setUpSwitchover() {
		tearDownSwitchover();
		this.publisher.execute("CREATE ROLE " + APP_ROLE + " LOGIN PASSWORD '" + this.publisher.password().replace("'", "''")
				+ "'", "CREATE TABLE " + SWITCH_TABLE + " (id bigserial PRIMARY KEY, payload text, at timestamptz "
						+ "DEFAULT now())",
				"GRANT INSERT, SELECT ON " + SWITCH_TABLE + " TO " + APP_ROLE,
				"GRANT USAGE ON SEQUENCE " + SWITCH_TABLE + "_id_seq TO " + APP_ROLE,
				"CREATE PUBLICATION " + SWITCH_PUBLICATION + " FOR TABLE " + SWITCH_TABLE);
	}

	/** A new run: the role writes again, the subscriber has neither the subscription nor the table's rows. */
	private void resetSwitchover() {
		this.publisher.execute("ALTER ROLE " + APP_ROLE + " IN DATABASE " + this.publisher.database()
				+ " RESET default_transaction_read_only", "TRUNCATE " + SWITCH_TABLE);
		dropSubscription();
		this.subscriber.execute("DROP TABLE IF EXISTS " + SWITCH_TABLE, "DROP SEQUENCE IF EXISTS " + SWITCH_TABLE + "_id_seq");
	}

	private void tearDownSwitchover() {
		dropSubscription();
		this.subscriber.execute("DROP TABLE IF EXISTS " + SWITCH_TABLE);
		this.publisher.execute("DROP PUBLICATION IF EXISTS " + SWITCH_PUBLICATION, "DROP TABLE IF EXISTS " + SWITCH_TABLE);
		if (this.publisher.queryForLong("select count(*) from pg_roles where rolname = '" + APP_ROLE + "'") > 0) {
			this.publisher.execute("ALTER ROLE " + APP_ROLE + " IN DATABASE " + this.publisher.database()
					+ " RESET default_transaction_read_only", "DROP ROLE " + APP_ROLE);
		}
	}

	private void dropSubscription() {
		if (this.subscriber.queryForLong("select count(*) from pg_subscription where subname = '" + SWITCH_SUBSCRIPTION
				+ "' and subdbid = (select oid from pg_database where datname = current_database())") > 0) {
			this.subscriber.execute("DROP SUBSCRIPTION " + SWITCH_SUBSCRIPTION);
		}
	}

	/**
	 * Inserts one row per transaction as {@code bench_app}, paced to a rate, on a connection of its
	 * own; a failure (the switchover ends its session, then its new sessions are read-only) is
	 * counted and the connection opened again.
	 */
	private static final class Writer implements AutoCloseable {

		private final Endpoint publisher;

		private final long pauseNanos;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong committed = new AtomicLong();

		private final Thread thread;

		Writer(Endpoint publisher, int perSecond) {
			this.publisher = publisher;
			this.pauseNanos = 1_000_000_000L / perSecond;
			this.thread = new Thread(this::run, "bench-writer");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		long committed() {
			return this.committed.get();
		}

		private void run() {
			long next = System.nanoTime();
			while (this.running.get()) {
				try (Connection connection = connect();
						PreparedStatement insert = connection
							.prepareStatement("insert into " + SWITCH_TABLE + " (payload) values (?)")) {
					while (this.running.get()) {
						insert.setString(1, "row " + this.committed.get());
						insert.executeUpdate();
						this.committed.incrementAndGet();
						next += this.pauseNanos;
						long wait = next - System.nanoTime();
						if (wait > 0) {
							Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
						}
					}
				}
				catch (SQLException ex) {
					// ended by the switchover, or read-only from then on: try again shortly
					pause();
					next = System.nanoTime();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

		private Connection connect() throws SQLException {
			Properties properties = new Properties();
			properties.setProperty("user", APP_ROLE);
			properties.setProperty("password", this.publisher.password());
			properties.setProperty("connectTimeout", "5");
			properties.setProperty("socketTimeout", "10");
			return DriverManager.getConnection("jdbc:postgresql://" + this.publisher.host() + ":" + this.publisher.port()
					+ "/" + this.publisher.database(), properties);
		}

		private void pause() {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.running.set(false);
			this.thread.join(30_000);
		}

	}

}
