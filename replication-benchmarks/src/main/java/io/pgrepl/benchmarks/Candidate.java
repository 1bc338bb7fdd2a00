package io.pgrepl.benchmarks;

/**
 * One thing timed: a call and what it is.
 *
 * @param name what the call does, as the report shows it
 * @param call the call
 */
record Candidate(String name, Call call) {

	/** A call that may fail: a failure ends the run, since a figure of a failing call means nothing. */
	@FunctionalInterface
	interface Call {

		void run() throws Exception;

	}

}
