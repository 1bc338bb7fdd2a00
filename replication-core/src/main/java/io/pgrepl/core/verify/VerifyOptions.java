package io.pgrepl.core.verify;

import java.time.Duration;

import io.pgrepl.core.model.ReplicationArgumentException;

/**
 * How {@link Verifier} compares.
 *
 * @param chunkSize rows per chunk to start with (the chunk is a primary-key range holding that many
 * published rows on the publisher)
 * @param adaptiveChunks whether the chunk size follows {@code chunkTime}: doubled after a chunk that
 * took less than half of it, halved after one that took more than twice, between 100 and 100,000
 * rows
 * @param chunkTime the time one chunk's comparison should take
 * @param rounds how many times a differing chunk is compared again, each time after the subscriber
 * confirmed the publisher's position of the comparison before it, before the difference is reported
 * @param confirmTimeout how long to wait for the subscriber to confirm a position
 * @param sampleKeys how many differing keys each differing chunk names
 */
public record VerifyOptions(int chunkSize, boolean adaptiveChunks, Duration chunkTime, int rounds,
		Duration confirmTimeout, int sampleKeys) {

	/** Chunks of 10,000 rows to start, adapted to 250 ms each; 3 rounds; 60 s to confirm; 5 keys. */
	public static final VerifyOptions DEFAULTS = new VerifyOptions(10_000, true, Duration.ofMillis(250), 3,
			Duration.ofSeconds(60), 5);

	static final int MIN_CHUNK = 100;

	static final int MAX_CHUNK = 100_000;

	public VerifyOptions {
		if (chunkSize < 1) {
			throw new ReplicationArgumentException("chunkSize", "The chunk size must be at least 1");
		}
		if (rounds < 1) {
			throw new ReplicationArgumentException("rounds", "At least one round is needed");
		}
		if (sampleKeys < 0) {
			throw new ReplicationArgumentException("sampleKeys", "The number of sample keys must not be negative");
		}
	}

	/** These options with a fixed chunk size. */
	public VerifyOptions withFixedChunkSize(int chunkSize) {
		return new VerifyOptions(chunkSize, false, this.chunkTime, this.rounds, this.confirmTimeout, this.sampleKeys);
	}

	public VerifyOptions withRounds(int rounds) {
		return new VerifyOptions(this.chunkSize, this.adaptiveChunks, this.chunkTime, rounds, this.confirmTimeout,
				this.sampleKeys);
	}

	public VerifyOptions withConfirmTimeout(Duration confirmTimeout) {
		return new VerifyOptions(this.chunkSize, this.adaptiveChunks, this.chunkTime, this.rounds, confirmTimeout,
				this.sampleKeys);
	}

}
