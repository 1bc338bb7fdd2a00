package io.pgrepl.benchmarks;

/**
 * One thing timed: what it is, and a call that returns how long it took.
 *
 * @param name what the call does, as the report shows it
 * @param timed the call, timing itself
 */
record Candidate(String name, Timed timed) {

	/** A call timed from its start to its end. */
	static Candidate of(String name, Call call) {
		return new Candidate(name, () -> {
			long startedAt = System.nanoTime();
			call.run();
			return System.nanoTime() - startedAt;
		});
	}

	/** A call that may fail: a failure ends the run, since a figure of a failing call means nothing. */
	@FunctionalInterface
	interface Call {

		void run() throws Exception;

	}

	/** A call that times the part that counts itself (an application's start, not its close). */
	@FunctionalInterface
	interface Timed {

		long nanos() throws Exception;

	}

}
