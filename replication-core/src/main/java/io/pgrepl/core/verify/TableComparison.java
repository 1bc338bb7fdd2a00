package io.pgrepl.core.verify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.pgrepl.core.internal.catalog.LsnCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.verify.ChecksumSql.KeyRange;
import io.pgrepl.core.verify.KeyDifference.Kind;
import io.pgrepl.core.verify.TableVerification.Status;
import org.jspecify.annotations.Nullable;

/**
 * Compares one table chunk by chunk. A chunk that differs is compared again once the subscriber has
 * confirmed the publisher's position of that first comparison; if it still differs, its rows are
 * compared by key, and the differing keys again, round after round, each after the subscriber
 * confirmed the position of the publisher read before it. A row written between the two reads
 * differs in one round and not the next, and a row the publisher changed while it was compared
 * (read again after the subscriber's read) is in flux, not diverged: only what differs, unchanged
 * on the publisher, in every round is reported.
 */
final class TableComparison {

	private final PgSession publisher;

	private final PgSession subscriber;

	private final TableName table;

	private final ChecksumSql sql;

	private final VerifyOptions options;

	private final Verifier.Context context;

	private final List<ChunkDifference> differences = new ArrayList<>();

	private long publisherRows;

	private long subscriberRows;

	private int chunks;

	TableComparison(PgSession publisher, PgSession subscriber, TableName table, ChecksumSql sql, VerifyOptions options,
			Verifier.Context context) {
		this.publisher = publisher;
		this.subscriber = subscriber;
		this.table = table;
		this.sql = sql;
		this.options = options;
		this.context = context;
	}

	TableVerification compare(@Nullable String rowFilter, List<String> columns) {
		long started = System.nanoTime();
		if (!this.sql.hasKey()) {
			count(compareChunk(KeyRange.ALL));
		}
		else {
			List<String> last = this.publisher.queryOne(this.sql.lastKey(), this::key).orElse(null);
			if (last == null) {
				count(compareChunk(KeyRange.ALL));
			}
			else {
				compareRanges(last);
				compareTail(last);
			}
		}
		return new TableVerification(this.table, this.differences.isEmpty() ? Status.EQUAL : Status.DIFFERENT,
				this.publisherRows, this.subscriberRows, this.chunks, this.differences, rowFilter, columns, null,
				Duration.ofNanos(System.nanoTime() - started));
	}

	private void compareRanges(List<String> last) {
		int size = this.options.chunkSize();
		List<String> after = null;
		while (true) {
			List<String> upTo = this.publisher.queryOne(this.sql.boundary(after, last, size - 1), this::key)
				.orElse(last);
			long chunkStarted = System.nanoTime();
			// the first chunk has no lower bound: it takes the subscriber's rows below the publisher's lowest key
			count(compareChunk(new KeyRange(after, upTo)));
			if (upTo.equals(last)) {
				return;
			}
			after = upTo;
			size = adapt(size, Duration.ofNanos(System.nanoTime() - chunkStarted));
			this.context.progress(this.table, this.publisherRows, this.chunks);
		}
	}

	private int adapt(int size, Duration took) {
		if (!this.options.adaptiveChunks()) {
			return size;
		}
		Duration target = this.options.chunkTime();
		if (took.compareTo(target.dividedBy(2)) < 0) {
			return Math.min(size * 2, Math.max(VerifyOptions.MAX_CHUNK, this.options.chunkSize()));
		}
		if (took.compareTo(target.multipliedBy(2)) > 0) {
			return Math.max(size / 2, Math.min(VerifyOptions.MIN_CHUNK, this.options.chunkSize()));
		}
		return size;
	}

	/**
	 * Past the publisher's highest key when the table's comparison started, with no upper bound: finds
	 * the rows the subscriber has there and the publisher does not. Otherwise the rows there are those
	 * inserted since, in flux, which the subscriber holds a moment later than the publisher: they
	 * count only when a difference persists among them.
	 */
	private void compareTail(List<String> last) {
		int differences = this.differences.size();
		Compared tail = compareChunk(new KeyRange(last, null));
		if (this.differences.size() > differences) {
			count(tail);
		}
	}

	private void count(Compared chunk) {
		this.chunks++;
		this.publisherRows += chunk.publisherRows();
		this.subscriberRows += chunk.subscriberRows();
	}

	private Compared compareChunk(KeyRange range) {
		Aggregate published = this.publisher.queryOne(this.sql.aggregate(range, true), Aggregate::read).orElseThrow();
		Aggregate subscribed = this.subscriber.queryOne(this.sql.aggregate(range, false), Aggregate::read)
			.orElseThrow();
		if (!published.sameRows(subscribed)) {
			this.context.confirm(this.publisher, Objects.requireNonNull(published.lsn()));
			subscribed = this.subscriber.queryOne(this.sql.aggregate(range, false), Aggregate::read).orElseThrow();
			if (!published.sameRows(subscribed)) {
				published = this.publisher.queryOne(this.sql.aggregate(range, true), Aggregate::read).orElseThrow();
				drillDown(range, published);
				subscribed = this.subscriber.queryOne(this.sql.aggregate(range, false), Aggregate::read)
					.orElseThrow();
			}
		}
		return new Compared(published.count(), subscribed.count());
	}

	private void drillDown(KeyRange range, Aggregate published) {
		if (!this.sql.hasKey()) {
			// no key to tell rows apart: only the whole table can be compared again
			for (int round = 2; round <= this.options.rounds(); round++) {
				this.context.confirm(this.publisher, Objects.requireNonNull(published.lsn()));
				Aggregate subscribed = this.subscriber.queryOne(this.sql.aggregate(range, false), Aggregate::read)
					.orElseThrow();
				if (published.sameRows(subscribed)) {
					return;
				}
				published = this.publisher.queryOne(this.sql.aggregate(range, true), Aggregate::read).orElseThrow();
			}
			Aggregate subscribed = this.subscriber.queryOne(this.sql.aggregate(range, false), Aggregate::read)
				.orElseThrow();
			this.differences.add(new ChunkDifference(null, null, published.count(), subscribed.count(), -1, List.of()));
			return;
		}
		Map<List<String>, String> publisherRows = rows(this.publisher, this.sql.rows(range));
		this.context.confirm(this.publisher, LsnCatalog.current(this.publisher));
		Map<List<String>, Kind> differing = diff(publisherRows, rows(this.subscriber, this.sql.rows(range)));
		differing = settled(differing, publisherRows);
		for (int round = 2; round <= this.options.rounds() && !differing.isEmpty(); round++) {
			List<List<String>> keys = new ArrayList<>(differing.keySet());
			publisherRows = rows(this.publisher, this.sql.rowsWithKeys(keys));
			this.context.confirm(this.publisher, LsnCatalog.current(this.publisher));
			Map<List<String>, Kind> still = diff(publisherRows, rows(this.subscriber, this.sql.rowsWithKeys(keys)));
			still.keySet().retainAll(differing.keySet());
			differing = settled(still, publisherRows);
		}
		if (!differing.isEmpty()) {
			List<KeyDifference> samples = differing.entrySet()
				.stream()
				.limit(this.options.sampleKeys())
				.map((entry) -> new KeyDifference(entry.getKey(), entry.getValue()))
				.toList();
			Aggregate subscribed = this.subscriber.queryOne(this.sql.aggregate(range, false), Aggregate::read)
				.orElseThrow();
			this.differences.add(new ChunkDifference(range.after(), range.upTo(), published.count(),
					subscribed.count(), differing.size(), samples));
		}
	}

	/**
	 * The differences of rows the publisher did not change while they were compared: each row is
	 * read on the publisher again after the subscriber's read. A row the application keeps writing
	 * may be newer on the subscriber than the publisher's first read (the subscriber applied a later
	 * commit); such a row is in flux, not diverged, and replication brings its next version anyway.
	 */
	private Map<List<String>, Kind> settled(Map<List<String>, Kind> differing, Map<List<String>, String> before) {
		if (differing.isEmpty()) {
			return differing;
		}
		Map<List<String>, String> after = rows(this.publisher, this.sql.rowsWithKeys(List.copyOf(differing.keySet())));
		Map<List<String>, Kind> settled = new LinkedHashMap<>();
		differing.forEach((key, kind) -> {
			if (Objects.equals(before.get(key), after.get(key))) {
				settled.put(key, kind);
			}
		});
		return settled;
	}

	private static Map<List<String>, Kind> diff(Map<List<String>, String> publisher,
			Map<List<String>, String> subscriber) {
		Map<List<String>, Kind> differing = new LinkedHashMap<>();
		publisher.forEach((key, hash) -> {
			String other = subscriber.get(key);
			if (other == null) {
				differing.put(key, Kind.MISSING_ON_SUBSCRIBER);
			}
			else if (!other.equals(hash)) {
				differing.put(key, Kind.CHANGED);
			}
		});
		subscriber.keySet()
			.stream()
			.filter((key) -> !publisher.containsKey(key))
			.forEach((key) -> differing.put(key, Kind.EXTRA_ON_SUBSCRIBER));
		return differing;
	}

	private Map<List<String>, String> rows(PgSession session, String query) {
		int keyColumns = this.sql.keyColumns();
		Map<List<String>, String> rows = new HashMap<>();
		session.query(query, (rs) -> {
			List<String> key = new ArrayList<>(keyColumns);
			for (int i = 1; i <= keyColumns; i++) {
				key.add(rs.getString(i));
			}
			rows.put(List.copyOf(key), rs.getString(keyColumns + 1));
			return null;
		});
		return rows;
	}

	private List<String> key(ResultSet rs) throws SQLException {
		List<String> key = new ArrayList<>();
		for (int i = 1; i <= this.sql.keyColumns(); i++) {
			key.add(rs.getString(i));
		}
		return List.copyOf(key);
	}

	/** The rows of a chunk on each side, as last read. */
	private record Compared(long publisherRows, long subscriberRows) {
	}

	/** A chunk's row count and checksum, with the publisher's position after its snapshot. */
	private record Aggregate(long count, String checksum, @Nullable String lsn) {

		static Aggregate read(ResultSet rs) throws SQLException {
			return new Aggregate(rs.getLong(1), rs.getString(2), rs.getString(3));
		}

		boolean sameRows(Aggregate other) {
			return this.count == other.count && this.checksum.equals(other.checksum);
		}

	}

}
