package io.pgrepl.benchmarks;

import java.util.List;
import java.util.stream.Stream;

/**
 * Calls measured together, interleaved, against a baseline timed in the same rounds.
 *
 * @param title what is compared
 * @param baseline the call every other one is divided by
 * @param candidates the calls measured
 */
record Group(String title, Candidate baseline, List<Candidate> candidates) {

	Group {
		candidates = List.copyOf(candidates);
	}

	/** The baseline first, then the candidates: the order of each round. */
	List<Candidate> all() {
		return Stream.concat(Stream.of(this.baseline), this.candidates.stream())
			.toList();
	}

}
