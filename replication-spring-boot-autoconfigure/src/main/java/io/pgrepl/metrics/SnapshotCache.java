package io.pgrepl.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 */
final class SnapshotCache {

	private static final Log logger = LogFactory.getLog(SnapshotCache.class);

	private final Replication replication;

	private final Duration refresh;

	private final Clock clock;

	private final Consumer<ReplicationSnapshot> onRead;

	private @Nullable Instant readAt;

	private @Nullable ReplicationSnapshot snapshot;

	SnapshotCache(Replication replication, Duration refresh, Clock clock, Consumer<ReplicationSnapshot> onRead) {
		this.replication = replication;
		this.refresh = refresh;
		this.clock = clock;
		this.onRead = onRead;
	}

	/** The snapshot of the current window, or {@code null} when it could not be read. */
	synchronized @Nullable ReplicationSnapshot get() {
		Instant now = this.clock.instant();
		if (this.readAt == null || !now.isBefore(this.readAt.plus(this.refresh))) {
			this.readAt = now;
			this.snapshot = read();
			if (this.snapshot != null) {
				this.onRead.accept(this.snapshot);
			}
		}
		return this.snapshot;
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

}
