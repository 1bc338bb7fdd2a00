package io.pgrepl.benchmarks;

import java.util.List;
import java.util.stream.Stream;

/**
 * Calls measured together, interleaved, against a baseline timed in the same rounds.
 *
 * @param title what is compared
 * @param baseline the call every other one is divided by
 * @param candidates the calls measured
 * @param repeats how often
 * @param wrapped whether the calls go through the counting {@code DataSource} wrappers; otherwise
 * (an application's own pools) only the server counts statements, and the counting driver
 * connections
 */
record Group(String title, Candidate baseline, List<Candidate> candidates, Repeats repeats, boolean wrapped) {

	Group {
		candidates = List.copyOf(candidates);
	}

	/** The baseline first, then the candidates: the order of each round. */
	List<Candidate> all() {
		return Stream.concat(Stream.of(this.baseline), this.candidates.stream()).toList();
	}

	/**
	 * @param warmup rounds run first and not recorded
	 * @param rounds measured rounds
	 * @param countingCalls calls per candidate in the counting pass
	 */
	record Repeats(int warmup, int rounds, int countingCalls) {
	}

}
