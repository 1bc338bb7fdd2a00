package io.pgrepl.core.health;

import java.time.Duration;
import java.util.List;

import io.pgrepl.core.status.TableSyncStatus;
import org.jspecify.annotations.Nullable;

/**
 * How far a subscription's initial sync is, for one log line: tables by state, what the running
 * copies received ({@code pg_stat_progress_copy}) and, when the publisher's table sizes are known,
 * how much of the tables not yet ready is copied. PostgreSQL knows no total for a table-sync copy
 * ({@code bytes_total} is 0: it reads the publisher's stream, not a file), so the total is the
 * size of those tables on the publisher: an estimate, as a copy streams text, not pages. The rate
 * is measured between two readings and the time left is the rest at that rate: both estimates.
 *
 * @param subscription the subscription
 * @param counts its tables by sync state
 * @param copiedBytes bytes the running copies received so far
 * @param copiedRows rows the running copies copied so far
 * @param sizeBytes the publisher's size of the tables not ready, or {@code null} when not read
 * (every table ready, no publisher to read)
 * @param remainingBytes of those, what is left to copy: the size of a table waiting to be copied,
 * the size less what its copy received so far for one being copied, nothing for one copied and
 * catching up; {@code null} when the sizes are not known
 */
public record SyncProgress(String subscription, SyncStateCounts counts, long copiedBytes, long copiedRows,
		@Nullable Long sizeBytes, @Nullable Long remainingBytes) {

	/** The progress in this health reading. */
	public static SyncProgress of(SubscriptionHealth health) {
		return of(health.name(), health.tables().all());
	}

	/** The progress of these tables of a subscription. */
	public static SyncProgress of(String subscription, List<TableSyncStatus> tables) {
		long bytes = 0;
		long rows = 0;
		long size = 0;
		long remaining = 0;
		boolean sized = false;
		for (TableSyncStatus table : tables) {
			long copied = (table.copiedBytes() != null) ? table.copiedBytes() : 0;
			bytes += copied;
			rows += (table.copiedRows() != null) ? table.copiedRows() : 0;
			Long tableSize = table.sizeBytes();
			if (tableSize != null) {
				sized = true;
				size += tableSize;
				remaining += switch (table.state()) {
					case INIT -> tableSize;
					case COPYING -> Math.max(0, tableSize - copied);
					default -> 0;
				};
			}
		}
		return new SyncProgress(subscription, SyncStateCounts.of(tables), bytes, rows, sized ? size : null,
				sized ? remaining : null);
	}

	/** Whether every table is ready (and there is at least one). */
	public boolean done() {
		return this.counts.total() > 0 && this.counts.ready() == this.counts.total();
	}

	/**
	 * Bytes copied per second since the reading before: what was left then less what is left now;
	 * without sizes, what the running copies received meanwhile. {@code null} when it cannot be
	 * told (no reading before, no time between, sizes known in one reading only, a table added).
	 * @param previous the reading before, or {@code null}
	 * @param interval the time between the two readings
	 */
	public @Nullable Long bytesPerSecond(@Nullable SyncProgress previous, Duration interval) {
		if (previous == null || interval.toMillis() <= 0) {
			return null;
		}
		long copied;
		if (this.remainingBytes != null && previous.remainingBytes != null) {
			copied = previous.remainingBytes - this.remainingBytes;
		}
		else if (this.remainingBytes == null && previous.remainingBytes == null) {
			copied = this.copiedBytes - previous.copiedBytes;
		}
		else {
			return null;
		}
		return (copied >= 0) ? copied * 1000 / interval.toMillis() : null;
	}

	/**
	 * The time left at this rate: what is left divided by the rate; {@code null} without sizes or a
	 * rate above zero.
	 * @param bytesPerSecond the rate, or {@code null}
	 */
	public @Nullable Duration eta(@Nullable Long bytesPerSecond) {
		if (this.remainingBytes == null || bytesPerSecond == null || bytesPerSecond <= 0) {
			return null;
		}
		return Duration.ofSeconds((this.remainingBytes + bytesPerSecond - 1) / bytesPerSecond);
	}

	/**
	 * One line: {@code subscription 's': 3 of 10 tables ready (init 2, copying 4, ...), copied ~12.0 MB
	 * of ~40.0 MB (publisher table sizes), running copies: 12.0 MB, 50000 rows, 4.0 MB/s, ETA ~7s}.
	 * The sizes and what follows them appear once known; the rate and ETA from the second reading.
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
		if (this.sizeBytes != null && this.remainingBytes != null) {
			line.append(", copied ~")
				.append(Units.bytes(this.sizeBytes - this.remainingBytes))
				.append(" of ~")
				.append(Units.bytes(this.sizeBytes))
				.append(" (publisher table sizes)");
		}
		if (this.counts.copying() > 0) {
			line.append(", running copies: ").append(Units.bytes(this.copiedBytes)).append(", ").append(this.copiedRows)
				.append(" rows");
		}
		Long rate = bytesPerSecond(previous, interval);
		if (rate != null && (this.counts.copying() > 0 || this.remainingBytes != null)) {
			line.append(", ").append(Units.bytes(rate)).append("/s");
			Duration eta = eta(rate);
			if (eta != null) {
				line.append(", ETA ~").append(approximately(eta));
			}
		}
		return line.toString();
	}

	/** {@code 42s}, {@code 3m 5s}, {@code 2h 10m}: a time left, to the second below a minute. */
	static String approximately(Duration eta) {
		long seconds = eta.toSeconds();
		if (seconds < 60) {
			return seconds + "s";
		}
		if (seconds < 3600) {
			return (seconds / 60) + "m" + ((seconds % 60 != 0) ? " " + (seconds % 60) + "s" : "");
		}
		return (seconds / 3600) + "h" + ((seconds % 3600 / 60 != 0) ? " " + (seconds % 3600 / 60) + "m" : "");
	}

}
