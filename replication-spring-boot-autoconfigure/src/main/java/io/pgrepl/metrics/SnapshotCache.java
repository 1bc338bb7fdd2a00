package io.pgrepl.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.pgrepl.core.Replication;
import io.pgrepl.core.health.ReplicationSnapshot;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One {@link ReplicationSnapshot} per refresh window, read on the first meter's demand and shared
 * by every meter read within the window, so a scrape costs the queries of one health check
 * whatever the number of meters. A reading that fails (a server is down) is remembered for the
 * window too, as no snapshot: the meters then read NaN rather than retrying per meter.
 * <p>
 * Concurrent scrapes share one reading: the first caller of a window reads, outside any lock, and
 * callers that arrive meanwhile wait for that reading's result instead of starting their own (the
 * lock only decides who reads). The window starts when the reading starts, as a caller that
 * arrives during a reading asked within it; once read, callers within the window get the
 * snapshot without waiting on anything.
 */
final class SnapshotCache {

	private static final Log logger = LogFactory.getLog(SnapshotCache.class);

	private final Replication replication;

	private final Duration refresh;

	private final Clock clock;

	private final Consumer<ReplicationSnapshot> onRead;

	private final Object lock = new Object();

	private final Object registering = new Object();

	private volatile @Nullable Reading reading;

	SnapshotCache(Replication replication, Duration refresh, Clock clock, Consumer<ReplicationSnapshot> onRead) {
		this.replication = replication;
		this.refresh = refresh;
		this.clock = clock;
		this.onRead = onRead;
	}

	/** The snapshot of the current window, or {@code null} when it could not be read. */
	@Nullable ReplicationSnapshot get() {
		Instant now = this.clock.instant();
		Reading reading = this.reading;
		if (reading == null || !reading.covers(now, this.refresh)) {
			reading = readOrJoin(now);
		}
		return reading.result.join().snapshot();
	}

	/** The reading of the window that {@code now} falls in: this caller's, or one in progress. */
	private Reading readOrJoin(Instant now) {
		Reading reading;
		synchronized (this.lock) {
			reading = this.reading;
			if (reading != null && reading.covers(now, this.refresh)) {
				return reading;
			}
			reading = new Reading(now, new CompletableFuture<>());
			this.reading = reading;
		}
		ReplicationSnapshot snapshot = null;
		try {
			snapshot = read();
		}
		finally {
			// completed before onRead, so a meter read from onRead gets this snapshot instead of waiting for it
			reading.result.complete(new Result(snapshot));
		}
		if (snapshot != null) {
			// readings of successive windows may overlap when one takes longer than the window
			synchronized (this.registering) {
				this.onRead.accept(snapshot);
			}
		}
		return reading;
	}

	private @Nullable ReplicationSnapshot read() {
		try {
			return this.replication.snapshot();
		}
		catch (RuntimeException ex) {
			// The core masks secrets in its messages; health reports the failure in full.
			logger.debug("Cannot read replication metrics: " + ex.getMessage());
			return null;
		}
	}

	/** A window's reading: when it started, and its snapshot once read. */
	private record Reading(Instant startedAt, CompletableFuture<Result> result) {

		boolean covers(Instant now, Duration refresh) {
			return now.isBefore(this.startedAt.plus(refresh));
		}

	}

	/** A reading's outcome: the snapshot, or {@code null} when it could not be read. */
	private record Result(@Nullable ReplicationSnapshot snapshot) {

	}

}
