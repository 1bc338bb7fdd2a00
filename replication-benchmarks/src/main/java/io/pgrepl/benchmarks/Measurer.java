package io.pgrepl.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times the calls of a {@link Group} interleaved (baseline, A, B, baseline, A, B...) so that a
 * change in the machine's load touches all of them alike, then counts what each call costs in a
 * separate pass, where the counters are reset around each call alone.
 */
final class Measurer {

	private static final Logger logger = LoggerFactory.getLogger(Measurer.class);

	private final BenchmarkServers servers;

	private final BenchmarkConnections connections;

	private final StatementStatistics subscriberStatistics;

	private final StatementStatistics publisherStatistics;

	Measurer(BenchmarkServers servers, BenchmarkConnections connections, StatementStatistics subscriberStatistics,
			StatementStatistics publisherStatistics) {
		this.servers = servers;
		this.connections = connections;
		this.subscriberStatistics = subscriberStatistics;
		this.publisherStatistics = publisherStatistics;
	}

	List<Result> measure(Group group) throws Exception {
		List<Candidate> calls = group.all();
		Group.Repeats repeats = group.repeats();
		for (int round = 0; round < repeats.warmup(); round++) {
			for (Candidate call : calls) {
				call.timed().nanos();
			}
		}
		long[][] nanos = new long[calls.size()][repeats.rounds()];
		for (int round = 0; round < repeats.rounds(); round++) {
			for (int i = 0; i < calls.size(); i++) {
				nanos[i][round] = calls.get(i).timed().nanos();
			}
		}
		double baseline = percentile(nanos[0], 50);
		List<Result> results = new ArrayList<>();
		for (int i = 0; i < calls.size(); i++) {
			double p50 = percentile(nanos[i], 50);
			Result result = new Result(calls.get(i).name(), i == 0, p50 / 1e6, percentile(nanos[i], 99) / 1e6,
					p50 / baseline, count(group, calls.get(i)));
			logger.info("{}: p50 {} ms, p99 {} ms, {}× baseline", result.name(), format(result.p50Millis()),
					format(result.p99Millis()), format(result.ratio()));
			results.add(result);
		}
		return results;
	}

	private Counts count(Group group, Candidate candidate) throws Exception {
		// The statistics' own connections come before the counters start and after they stop.
		this.subscriberStatistics.reset();
		this.publisherStatistics.reset();
		CountingDataSource subscriber = this.connections.subscriberCounter();
		CountingDataSource publisher = this.connections.publisherCounter();
		subscriber.reset();
		publisher.reset();
		long subscriberOpened = ConnectionCountingDriver.opened(this.servers.subscriber().port());
		long publisherOpened = ConnectionCountingDriver.opened(this.servers.publisher().port());
		int calls = group.repeats().countingCalls();
		for (int i = 0; i < calls; i++) {
			candidate.timed().nanos();
		}
		if (logger.isDebugEnabled()) {
			logger.debug("{}: slowest statements on the subscriber:\n{}\non the publisher:\n{}", candidate.name(),
					this.subscriberStatistics.top(8), this.publisherStatistics.top(8));
		}
		if (group.wrapped()) {
			return new Counts(perCall(subscriber.statements(), calls), perCall(publisher.statements(), calls),
					serverStatements(this.subscriberStatistics, calls),
					serverStatements(this.publisherStatistics, calls),
					perCall(subscriber.connections(), calls), perCall(publisher.connections(), calls),
					serverMillis(this.subscriberStatistics, calls), serverMillis(this.publisherStatistics, calls));
		}
		double subscriberConnections = perCall(
				ConnectionCountingDriver.opened(this.servers.subscriber().port()) - subscriberOpened, calls);
		double publisherConnections = perCall(
				ConnectionCountingDriver.opened(this.servers.publisher().port()) - publisherOpened, calls);
		return new Counts(null, null, serverStatements(this.subscriberStatistics, calls),
				serverStatements(this.publisherStatistics, calls), subscriberConnections, publisherConnections,
				serverMillis(this.subscriberStatistics, calls), serverMillis(this.publisherStatistics, calls));
	}

	private static @Nullable Double serverStatements(StatementStatistics statistics, int calls) {
		return statistics.available() ? perCall(statistics.statements(), calls) : null;
	}

	private static @Nullable Double serverMillis(StatementStatistics statistics, int calls) {
		return statistics.available() ? statistics.millis() / calls : null;
	}

	private static double perCall(long total, int calls) {
		return (double) total / calls;
	}

	private static String format(double value) {
		return String.format(Locale.ROOT, "%.3f", value);
	}

	/** Nearest rank: the smallest sample that at least {@code percent} % of the samples do not exceed. */
	static double percentile(long[] samples, int percent) {
		long[] sorted = samples.clone();
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
		return sorted[Math.max(rank, 1) - 1];
	}

}
