package io.pgrepl.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The targets of issue 11, checked against this run's figures: each is met, missed (with what was
 * measured), or not measured in this run.
 */
final class Targets {

	private final Map<Group, List<Result>> results;

	Targets(Map<Group, List<Result>> results) {
		this.results = results;
	}

	/** One row per target: the target, what this run measured, and whether it is met. */
	List<Row> rows() {
		List<Row> rows = new ArrayList<>();
		rows.add(target("`GET /actuator/health/replication` p50 ≤ 3× `/actuator/health/db`, 0 new connections per request",
				"HTTP health", "`GET /actuator/health/replication`", (result) -> new Check(
						result.ratio() <= 3 && connections(result) == 0,
						format(result.ratio()) + "×, " + format(connections(result)) + " new connections per request")));
		rows.add(target("subscriber health of all subscriptions ≤ 6 statements per server", "Subscriber health",
				"`Replication.subscriptionsHealth()`", (result) -> {
					double subscriber = orZero(result.counts().subscriberStatements());
					double publisher = orZero(result.counts().publisherStatements());
					return new Check(subscriber <= 6 && publisher <= 6,
							format(subscriber) + " / " + format(publisher) + " statements (subscriber / publisher)");
				}));
		rows.add(target("reconcile in sync ≤ 10× one catalog query, 0 new connections", "Reconcile in sync, subscriber",
				"(the starter now)", (result) -> new Check(result.ratio() <= 10 && connections(result) == 0,
						format(result.ratio()) + "×, " + format(connections(result)) + " new connections")));
		rows.add(startup());
		rows.add(target("initial sync, time to ready ≤ 1.0× hand-written `CREATE SUBSCRIPTION`", "Initial sync",
				"secondary indexes deferred", (result) -> new Check(result.ratio() <= 1.0,
						format(result.ratio()) + "× (" + format(result.p50Millis() / 1000) + " s)")));
		rows.add(againstPgDump());
		return rows;
	}

	/** Issue 13's goal: time to ready with the secondary indexes built, against {@code pg_dump | psql}. */
	private Row againstPgDump() {
		String target = "initial sync with the secondary indexes built ≤ 1.0× `pg_dump | psql` of the same tables "
				+ "(issue 13)";
		Optional<List<Result>> sync = group("Initial sync").map(Map.Entry::getValue);
		Optional<Result> built = sync.flatMap((rows) -> rows.stream()
			.filter((result) -> result.name().contains("indexes built"))
			.findFirst());
		Optional<Result> dump = sync.flatMap((rows) -> rows.stream()
			.filter((result) -> result.name().contains("pg_dump"))
			.findFirst());
		if (built.isEmpty() || dump.isEmpty()) {
			return Row.notMeasured(target);
		}
		double ratio = built.get().p50Millis() / dump.get().p50Millis();
		return new Row(target, format(ratio) + "× (" + format(built.get().p50Millis() / 1000) + " s against "
				+ format(dump.get().p50Millis() / 1000) + " s)", (ratio <= 1.0) ? "met" : "**missed**");
	}

	private Row startup() {
		String target = "startup overhead in sync ≤ 150 ms (p50 of the starts with `mode=apply` minus those with "
				+ "`replication.enabled=false`)";
		Optional<Map.Entry<Group, List<Result>>> group = group("Start of");
		if (group.isEmpty()) {
			return Row.notMeasured(target);
		}
		List<Result> starts = group.get().getValue();
		Optional<Result> apply = starts.stream().filter((result) -> result.name().contains("mode=apply")).findFirst();
		if (apply.isEmpty()) {
			return Row.notMeasured(target);
		}
		double overhead = apply.get().p50Millis() - starts.get(0).p50Millis();
		String measured = format(overhead) + " ms";
		Optional<Result> openingPool = starts.stream().filter((result) -> result.name().contains("schema.sql")).findFirst();
		if (openingPool.isPresent()) {
			measured += "; " + format(apply.get().p50Millis() - openingPool.get().p50Millis())
					+ " ms over the application that opens its pool at startup";
		}
		return new Row(target, measured, (overhead <= 150) ? "met" : "**missed**");
	}

	private Row target(String target, String groupTitle, String candidate, Function<Result, Check> check) {
		return group(groupTitle).flatMap((entry) -> entry.getValue()
			.stream()
			.filter((result) -> result.name().contains(candidate))
			.findFirst())
			.map((result) -> {
				Check checked = check.apply(result);
				return new Row(target, checked.measured(), checked.met() ? "met" : "**missed**");
			})
			.orElseGet(() -> Row.notMeasured(target));
	}

	private Optional<Map.Entry<Group, List<Result>>> group(String title) {
		return this.results.entrySet().stream().filter((entry) -> entry.getKey().title().startsWith(title)).findFirst();
	}

	private static double connections(Result result) {
		return result.counts().subscriberConnections() + result.counts().publisherConnections();
	}

	private static double orZero(Double value) {
		return (value != null) ? value : 0;
	}

	private static String format(double value) {
		return String.format(Locale.ROOT, (value == Math.rint(value)) ? "%.0f" : "%.2f", value);
	}

	private record Check(boolean met, String measured) {
	}

	/**
	 * @param target the target of issue 11
	 * @param measured what this run measured
	 * @param verdict met, missed, or not measured
	 */
	record Row(String target, String measured, String verdict) {

		static Row notMeasured(String target) {
			return new Row(target, "–", "not measured in this run");
		}

	}

}
