package io.pgrepl.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Writes {@code docs/benchmarks.md}: the run's conditions, one table per group, and how to run
 * and read it. The whole page is written by each run, so what it says always matches its figures.
 */
final class MarkdownReport {

	private final BenchmarkSettings settings;

	private final RunEnvironment environment;

	private final StatementStatistics subscriberStatistics;

	private final StatementStatistics publisherStatistics;

	MarkdownReport(BenchmarkSettings settings, RunEnvironment environment, StatementStatistics subscriberStatistics,
			StatementStatistics publisherStatistics) {
		this.settings = settings;
		this.environment = environment;
		this.subscriberStatistics = subscriberStatistics;
		this.publisherStatistics = publisherStatistics;
	}

	/**
	 * @param results the groups' figures
	 * @param sections further results, as Markdown, that are not a group of timed calls
	 */
	void write(Map<Group, List<Result>> results, List<String> sections) throws IOException {
		StringBuilder page = new StringBuilder();
		page.append("# Benchmarks\n\n");
		page.append("Part of the pgrepl documentation; start with the [README](../README.md).\n\n");
		page.append("What pgrepl's health checks, startup reconcile, initial sync and verification cost, next to the ")
			.append("cheapest call that does the same work, timed in the same rounds, and the write-blocked window of a ")
			.append("switchover under load. The `replication-benchmarks` module writes this page; ")
			.append("run it again rather than editing it.\n\n");
		if (this.settings.smokeSize()) {
			page.append("> **Smoke-size run.** ").append(state())
				.append(" is smaller than the 1,000 tables × 10 subscriptions the targets of issue 11 are set for: ")
				.append("this run proves the module works, and its figures say little about behaviour at scale.\n\n");
		}
		appendRun(page);
		appendTargets(page, results);
		page.append("## Results\n\n");
		results.forEach((group, rows) -> appendGroup(page, group, rows));
		sections.forEach(page::append);
		page.append("## Where the time goes\n\n").append(whereTheTimeGoes());
		appendHowTo(page);
		Files.createDirectories(this.settings.output().toAbsolutePath().getParent());
		Files.writeString(this.settings.output(), page.toString());
	}

	private void appendRun(StringBuilder page) {
		RunEnvironment env = this.environment;
		page.append("## This run\n\n| | |\n|---|---|\n");
		row(page, "Date", env.date());
		row(page, "PostgreSQL", "publisher " + env.publisherVersion() + ", subscriber " + env.subscriberVersion() + ", "
				+ (this.settings.givenServers() ? "given servers" : "two embedded clusters on this machine"));
		row(page, "Machine", env.processors() + " processors (`nproc`), " + env.memory() + " memory, " + env.os()
				+ "; load average when measuring started: " + env.loadAverage());
		row(page, "JVM", env.jvm());
		row(page, "State", state() + ", every table ready (`r` in `pg_subscription_rel`)");
		row(page, "Connections", "as role `" + (this.settings.givenServers() ? this.settings.user() : "bench")
				+ "` over TCP with a password" + (this.settings.givenServers() ? "" : " (scram-sha-256)")
				+ "; the benchmark's pools are HikariCP with 2 connections, the application's Boot's default");
		row(page, "Rounds", this.settings.warmup() + " warm-up, " + this.settings.rounds()
				+ " measured, calls interleaved in each round; counts averaged over " + this.settings.countingCalls()
				+ " further calls of each");
		row(page, "`pg_stat_statements`", statisticsNote());
		row(page, "Command", "`" + this.settings.command() + "`");
		page.append('\n');
	}

	private void appendTargets(StringBuilder page, Map<Group, List<Result>> results) {
		page.append("## Targets\n\n");
		page.append("The targets of issue 11, for 1,000 tables × 10 subscriptions, checked against this run's figures ")
			.append("below. Where one is missed, [Where the time goes](#where-the-time-goes) says why.\n\n");
		page.append("| Target | This run | |\n|---|---|---|\n");
		for (Targets.Row row : new Targets(results).rows()) {
			page.append("| ").append(row.target().replace("|", "\\|")).append(" | ").append(row.measured())
				.append(" | ").append(row.verdict()).append(" |\n");
		}
		page.append('\n');
	}

	/** Written by hand from the latest full run: what the figures cannot say themselves. */
	private static String whereTheTimeGoes() throws IOException {
		try (InputStream in = MarkdownReport.class.getResourceAsStream("where-the-time-goes.md")) {
			if (in == null) {
				throw new IOException("where-the-time-goes.md is missing from the module's resources");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip() + "\n\n";
		}
	}

	private String statisticsNote() {
		if (this.subscriberStatistics.available() && this.publisherStatistics.available()) {
			return "loaded on both servers (`shared_preload_libraries`)";
		}
		return "not available (subscriber: " + reason(this.subscriberStatistics) + "; publisher: "
				+ reason(this.publisherStatistics) + "): the wrapper's counts stand alone";
	}

	private static String reason(StatementStatistics statistics) {
		String unavailable = statistics.unavailable();
		return (unavailable != null) ? unavailable.replace('\n', ' ').replace("|", "\\|") : "available";
	}

	private void appendGroup(StringBuilder page, Group group, List<Result> rows) {
		page.append("### ").append(group.title()).append("\n\n");
		page.append("| Call | p50 ms | p99 ms | p50 × baseline | Statements per call, subscriber / publisher (wrapper) ")
			.append("| Statements per call, subscriber / publisher (`pg_stat_statements`) ")
			.append("| New connections per call, subscriber / publisher ")
			.append("| Server ms per call, subscriber / publisher (`pg_stat_statements`) |\n");
		page.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Result result : rows) {
			Counts counts = result.counts();
			page.append("| ").append(result.name().replace("|", "\\|"))
				.append(" | ").append(millis(result.p50Millis()))
				.append(" | ").append(millis(result.p99Millis()))
				.append(" | ").append(result.baseline() ? "1" : ratio(result.ratio()))
				.append(" | ").append(count(counts.subscriberStatements())).append(" / ")
				.append(count(counts.publisherStatements()))
				.append(" | ").append(count(counts.subscriberServerStatements())).append(" / ")
				.append(count(counts.publisherServerStatements()))
				.append(" | ").append(count(counts.subscriberConnections())).append(" / ")
				.append(count(counts.publisherConnections()))
				.append(" | ").append(serverMillis(counts.subscriberServerMillis())).append(" / ")
				.append(serverMillis(counts.publisherServerMillis()))
				.append(" |\n");
		}
		page.append('\n');
	}

	private void appendHowTo(StringBuilder page) {
		page.append("""
				## Running it

				The module is built with the reactor, but only the `benchmarks` profile runs it, so `./mvnw verify` \
				never does. It needs nothing installed: with `-am` the reactor builds the modules it uses. The first run \
				fetches `exec-maven-plugin` from Maven Central; after that `-o` works.

				```
				./mvnw -B -ntp verify -pl replication-benchmarks -am -Pbenchmarks -DskipTests
				```

				This starts two PostgreSQL clusters the way the tests do (embedded binaries of `-Dpg.version`, 14 to \
				18, default 17, or Testcontainers when Docker answers; `-Dpg.backend=embedded` forces the binaries) with \
				`pg_stat_statements` preloaded, builds the state, measures, writes this page and stops the clusters. \
				Every setting is a system property:

				| Property | Default | Meaning |
				|---|---|---|
				| `bench.tables` | 1000 | tables, the same on both sides, spread over the publications |
				| `bench.publications` | 10 | publications, spread over the subscriptions |
				| `bench.subscriptions` | 10 | subscriptions on the subscriber |
				| `bench.rounds` | 50 | measured rounds; each calls every call of a group once |
				| `bench.warmup` | 5 | rounds run first and not recorded |
				| `bench.counting-calls` | 5 | calls per row whose statements and connections are counted |
				| `bench.spring` | true | whether the subscribing Spring Boot application is measured too (HTTP health, start) |
				| `bench.startup-rounds` | 10 | measured starts of the application of each kind |
				| `bench.ready-timeout` | PT15M | how long to wait for every table to be ready |
				| `bench.sync-rows` | 3000000 | rows of the initial-sync and verify comparisons, in 4 tables with 2 secondary indexes each; 0 leaves them and the switchovers out |
				| `bench.switchover-rate` | 200 | transactions per second of the writer during the switchovers |
				| `bench.sync-rounds` | 3 | initial syncs, verifies and switchovers of each kind; `pg_dump \\| psql` is left out when `pg_dump` is missing or older than the server |
				| `bench.output` | `docs/benchmarks.md` | the page written |
				| `bench.publisher.url`, `bench.subscriber.url` | | JDBC URLs of given databases instead of started clusters |
				| `bench.user`, `bench.password` | | the role for given databases: it creates tables, publications and \
				subscriptions named `bench_*` (dropped first and again at the end), so it needs superuser or equivalent |

				On given servers the subscriber reaches the publisher with the publisher URL's host and port, and \
				`pg_stat_statements` counts only where the library is preloaded (then the run creates the extension \
				in the database if it is missing).

				A smoke-size run, to check the module:

				```
				./mvnw -B -ntp verify -pl replication-benchmarks -am -Pbenchmarks -DskipTests \\
				    -Dbench.tables=50 -Dbench.publications=2 -Dbench.subscriptions=2 -Dbench.rounds=30 \\
				    -Dbench.startup-rounds=5
				```

				## Reading the figures

				- Times are of one call as the application makes it, in milliseconds: p50 and p99 by nearest rank \
				(with fewer than 100 rounds, p99 is the slowest round). "p50 × baseline" divides by the p50 of the \
				group's baseline, measured in the same rounds, so it compares across machines better than the times do.
				- Statements (wrapper) are JDBC `execute*` calls, counted by a `DataSource` wrapper under the pools: \
				what reaches each server. Statements (`pg_stat_statements`) are the server's own count of top-level \
				statements of the measuring role in the measured database; `Connection.isValid` sends an empty query, \
				which neither counts. A dash means that counter cannot see the calls.
				- A new connection also runs the driver's own setup statement (PgJDBC sends `SET extra_float_digits = 3` \
				unless `assumeMinServerVersion` is set), which only `pg_stat_statements` sees: that is why it can count \
				one more per new connection than the wrapper.
				- The Spring Boot rows run the subscribing application in the benchmark's JVM, configured as a user \
				would (`spring.datasource`, `replication.subscriptions.*` for the built state, Actuator health over \
				HTTP, Tomcat on a free port): its calls do not go through the wrappers, so only the servers count its \
				statements (a dash in the wrapper column), and its new connections are counted by a JDBC driver \
				registered in the PostgreSQL driver's place, which every `DataSource` of the application goes through. \
				A start is timed from `SpringApplication.run` to the running application, warm (the same JVM started \
				it before), so it shows what the starter adds, not a cold start; its statements and connections are \
				counted over the start and the close.
				- Server ms is what the servers spent executing the counted statements, per call \
				(`pg_stat_statements`: `total_exec_time`, plus `total_plan_time` when `track_planning` is on); the rest \
				of a call's time is round trips, the driver and the JVM.
				- New connections are physical connections opened (TCP, authentication, a new backend), counted under \
				the pool: 0 means every call was served by pooled connections.
				- The state is checked to be in sync: a core reconcile that would change anything stops the run.
				- No test asserts any of these figures; this page is the evidence.
				""");
	}

	private String state() {
		return String.format(Locale.ROOT, "%,d tables in %d publications and %d subscriptions", this.settings.tables(),
				this.settings.publications(), this.settings.subscriptions());
	}

	private static void row(StringBuilder page, String name, String value) {
		page.append("| ").append(name).append(" | ").append(value).append(" |\n");
	}

	private static String millis(double millis) {
		return String.format(Locale.ROOT, (millis < 1) ? "%.3f" : (millis < 100) ? "%.2f" : "%.0f", millis);
	}

	private static String ratio(double ratio) {
		return String.format(Locale.ROOT, (ratio < 10) ? "%.1f" : "%.0f", ratio);
	}

	private static String serverMillis(@Nullable Double millis) {
		return (millis != null) ? millis(millis) : "–";
	}

	private static String count(@Nullable Double count) {
		if (count == null) {
			return "–";
		}
		return (count == Math.rint(count)) ? String.valueOf(count.longValue())
				: String.format(Locale.ROOT, "%.1f", count);
	}

}
