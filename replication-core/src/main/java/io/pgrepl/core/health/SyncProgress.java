package io.pgrepl.core.health;

import java.time.Duration;

import io.pgrepl.core.status.TableSyncStatus;
import org.jspecify.annotations.Nullable;

/**
 * How far a subscription's initial sync is, for one log line: tables by state and what the running
 * copies received ({@code pg_stat_progress_copy}). PostgreSQL knows no total for a table-sync copy
 * (it reads the publisher's stream, not a file), so the rate is measured between two readings and
 * no ETA is claimed.
 *
 * @param subscription the subscription
 * @param counts its tables by sync state
 * @param copiedBytes bytes the running copies received so far
 * @param copiedRows rows the running copies copied so far
 */
public record SyncProgress(String subscription, SyncStateCounts counts, long copiedBytes, long copiedRows) {

	/** The progress in this health reading. */
	public static SyncProgress of(SubscriptionHealth health) {
		long bytes = 0;
		long rows = 0;
		for (TableSyncStatus table : health.tables().all()) {
			bytes += (table.copiedBytes() != null) ? table.copiedBytes() : 0;
			rows += (table.copiedRows() != null) ? table.copiedRows() : 0;
		}
		return new SyncProgress(health.name(), health.tables().counts(), bytes, rows);
	}

	/** Whether every table is ready (and there is at least one). */
	public boolean done() {
		return this.counts.total() > 0 && this.counts.ready() == this.counts.total();
	}

	/**
	 * One line: {@code subscription 's': 3 of 10 tables ready (init 2, copying 4, ...), copies running:
	 * 12.0 MB, 50000 rows, 4.0 MB/s}.
	 * @param previous the reading before, to measure the copy rate; or {@code null}
	 * @param interval the time between the two readings
	 */
	public String describe(@Nullable SyncProgress previous, Duration interval) {
		StringBuilder line = new StringBuilder("subscription '").append(this.subscription)
			.append("': ")
			.append(this.counts.ready())
			.append(" of ")
			.append(this.counts.total())
			.append(" tables ready (");
		line.append(String.join(", ", this.counts.toMap()
			.entrySet()
			.stream()
			.filter((entry) -> !entry.getKey().equals("ready"))
			.map((entry) -> entry.getKey() + " " + entry.getValue())
			.toList()));
		line.append(")");
		if (this.counts.copying() > 0) {
			line.append(", running copies: ").append(Units.bytes(this.copiedBytes)).append(", ").append(this.copiedRows)
				.append(" rows");
			if (previous != null && !interval.isZero() && this.copiedBytes >= previous.copiedBytes) {
				long perSecond = (this.copiedBytes - previous.copiedBytes) * 1000 / Math.max(1, interval.toMillis());
				line.append(", ").append(Units.bytes(perSecond)).append("/s");
			}
		}
		return line.toString();
	}

}
