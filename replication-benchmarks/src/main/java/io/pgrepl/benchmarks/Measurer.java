package io.pgrepl.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

	private final BenchmarkSettings settings;

	private final CountingDataSource subscriberCounter;

	private final CountingDataSource publisherCounter;

	private final StatementStatistics subscriberStatistics;

	private final StatementStatistics publisherStatistics;

	Measurer(BenchmarkSettings settings, CountingDataSource subscriberCounter, CountingDataSource publisherCounter,
			StatementStatistics subscriberStatistics, StatementStatistics publisherStatistics) {
		this.settings = settings;
		this.subscriberCounter = subscriberCounter;
		this.publisherCounter = publisherCounter;
		this.subscriberStatistics = subscriberStatistics;
		this.publisherStatistics = publisherStatistics;
	}

	List<Result> measure(Group group) throws Exception {
		List<Candidate> calls = group.all();
		for (int round = 0; round < this.settings.warmup(); round++) {
			for (Candidate call : calls) {
				call.call().run();
			}
		}
		long[][] nanos = new long[calls.size()][this.settings.rounds()];
		for (int round = 0; round < this.settings.rounds(); round++) {
			for (int i = 0; i < calls.size(); i++) {
				long startedAt = System.nanoTime();
				calls.get(i).call().run();
				nanos[i][round] = System.nanoTime() - startedAt;
			}
		}
		double baseline = percentile(nanos[0], 50);
		List<Result> results = new ArrayList<>();
		for (int i = 0; i < calls.size(); i++) {
			double p50 = percentile(nanos[i], 50);
			Result result = new Result(calls.get(i).name(), i == 0, p50 / 1e6, percentile(nanos[i], 99) / 1e6,
					p50 / baseline, count(calls.get(i)));
			logger.info("{}: p50 {} ms, p99 {} ms, {}× baseline", result.name(), String.format("%.3f", result.p50Millis()),
					String.format("%.3f", result.p99Millis()), String.format("%.1f", result.ratio()));
			results.add(result);
		}
		return results;
	}

	private Counts count(Candidate candidate) throws Exception {
		this.subscriberCounter.reset();
		this.publisherCounter.reset();
		this.subscriberStatistics.reset();
		this.publisherStatistics.reset();
		int calls = this.settings.countingCalls();
		for (int i = 0; i < calls; i++) {
			candidate.call().run();
		}
		return new Counts(perCall(this.subscriberCounter.statements(), calls),
				perCall(this.publisherCounter.statements(), calls), serverStatements(this.subscriberStatistics, calls),
				serverStatements(this.publisherStatistics, calls), perCall(this.subscriberCounter.connections(), calls),
				perCall(this.publisherCounter.connections(), calls));
	}

	private static @Nullable Double serverStatements(StatementStatistics statistics, int calls) {
		return statistics.available() ? perCall(statistics.statements(), calls) : null;
	}

	private static double perCall(long total, int calls) {
		return (double) total / calls;
	}

	/** Nearest rank: the smallest sample that at least {@code percent} % of the samples do not exceed. */
	static double percentile(long[] samples, int percent) {
		long[] sorted = samples.clone();
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
		return sorted[Math.max(rank, 1) - 1];
	}

}
