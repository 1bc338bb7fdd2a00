package io.pgrepl.core.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.pgrepl.core.internal.catalog.PublishedTableCatalog;
import io.pgrepl.core.internal.catalog.SubscriptionCatalog;
import io.pgrepl.core.internal.catalog.TableCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.ColumnDefinition;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.model.SubscriptionPair;
import io.pgrepl.core.model.TableDefinition;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.status.PublishedTable;
import io.pgrepl.core.status.SubscriptionInfo;
import io.pgrepl.core.verify.TableVerification.Status;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares every table a subscription receives between its publisher and its subscriber, while
 * replication keeps running: row counts and checksums of primary-key ranges (see
 * {@link ChecksumSql} for how a checksum is computed), only the rows and columns the publications
 * publish. Memory and query time are bounded by the chunk size, whatever the table's size: each
 * chunk is found with a keyset query ({@code where (k1, k2) > (...) order by k1, k2 offset n - 1
 * limit 1}) and aggregated with an index range scan. The chunks end at the table's highest key when
 * its comparison starts; past it, one more range with no upper bound is compared, and the first
 * chunk has no lower bound, so rows the subscriber has outside the publisher's keys (below its
 * lowest, past its highest, or in a table empty there) are found too. Rows inserted on the
 * publisher after the start fall in that last range: compared, but counted only when they differ.
 */
public final class Verifier {

	private static final Logger logger = LoggerFactory.getLogger("io.pgrepl");

	private static final long PROGRESS_NANOS = Duration.ofSeconds(10).toNanos();

	private final SubscriptionPair pair;

	private final VerifyOptions options;

	public Verifier(SubscriptionPair pair, VerifyOptions options) {
		this.pair = pair;
		this.options = options;
	}

	/** Compares every table of the subscription. */
	public VerifyReport run() {
		long started = System.nanoTime();
		try (PgSession subscriber = PgSession.open(this.pair.subscriber(), Side.SUBSCRIBER, this.pair.secrets());
				PgSession publisher = PgSession.open(this.pair.publisher(), Side.PUBLISHER, this.pair.secrets());
				CanonicalSettings subscriberText = CanonicalSettings.apply(subscriber);
				CanonicalSettings publisherText = CanonicalSettings.apply(publisher)) {
			SubscriptionInfo subscription = SubscriptionCatalog.read(subscriber, List.of(this.pair.subscription()))
				.stream()
				.findFirst()
				.orElseThrow(() -> new ReplicationException("Subscription '" + this.pair.subscription()
						+ "' does not exist on the subscriber; there is nothing to verify"));
			String slotName = subscription.slotName();
			if (slotName == null) {
				throw new ReplicationException("Subscription '" + this.pair.subscription()
						+ "' has no slot (slot_name = NONE): it receives nothing, so its data cannot be verified "
						+ "while replication runs");
			}
			List<PublishedTable> published = PublishedTableCatalog.read(publisher, subscription.publications());
			List<TableName> names = published.stream().map(PublishedTable::table).toList();
			Map<TableName, TableDefinition> onPublisher = byName(TableCatalog.read(publisher, names));
			Map<TableName, TableDefinition> onSubscriber = byName(TableCatalog.read(subscriber, names));
			Context context = new Context(subscriber, slotName);
			List<TableVerification> tables = new ArrayList<>();
			for (PublishedTable table : published) {
				TableVerification result = compare(publisher, subscriber, table, onPublisher.get(table.table()),
						onSubscriber.get(table.table()), context);
				logger.info("pgrepl: verified {} of subscription '{}': {}, {} rows in {} chunks, {} ms", table.table(),
						this.pair.subscription(), result.status(), result.publisherRows(), result.chunks(),
						result.elapsed().toMillis());
				tables.add(result);
			}
			VerifyReport report = new VerifyReport(this.pair.subscription(), tables,
					Duration.ofNanos(System.nanoTime() - started));
			if (report.equal()) {
				logger.info("pgrepl: subscription '{}' verified: {} tables, {} rows equal in {} ms",
						this.pair.subscription(), tables.size(), report.rowsCompared(), report.elapsed().toMillis());
			}
			else {
				logger.warn("pgrepl: subscription '{}' differs from its publisher in {}", this.pair.subscription(),
						report.differing().stream().map(TableVerification::table).toList());
			}
			return report;
		}
	}

	private TableVerification compare(PgSession publisher, PgSession subscriber, PublishedTable published,
			@Nullable TableDefinition source, @Nullable TableDefinition target, Context context) {
		TableName table = published.table();
		if (source == null) {
			throw new ReplicationException("Table " + table + " is published but cannot be read on the publisher");
		}
		List<ColumnDefinition> columns = source.columns()
			.stream()
			.filter((column) -> column.generatedExpression() == null)
			.filter((column) -> published.columns() == null || published.columns().contains(column.name()))
			.toList();
		List<String> columnNames = columns.stream().map(ColumnDefinition::name).toList();
		if (target == null) {
			return missing(published, columnNames, "the subscriber has no table " + table);
		}
		Set<String> targetColumns = target.columns().stream().map(ColumnDefinition::name).collect(Collectors.toSet());
		List<String> absent = columnNames.stream().filter((name) -> !targetColumns.contains(name)).toList();
		if (!absent.isEmpty()) {
			return missing(published, columnNames, "the subscriber's " + table + " lacks columns " + absent);
		}
		List<ColumnDefinition> key = source.primaryKey()
			.stream()
			.map((name) -> source.columns().stream().filter((column) -> column.name().equals(name)).findFirst()
				.orElseThrow())
			.toList();
		ChecksumSql sql = new ChecksumSql(table, key, columns, published.rowFilter());
		return new TableComparison(publisher, subscriber, table, sql, this.options, context)
			.compare(published.rowFilter(), columnNames);
	}

	private static TableVerification missing(PublishedTable published, List<String> columns, String note) {
		return new TableVerification(published.table(), Status.MISSING_ON_SUBSCRIBER, 0, 0, 0, List.of(),
				published.rowFilter(), columns, note, Duration.ZERO);
	}

	private static Map<TableName, TableDefinition> byName(List<TableDefinition> definitions) {
		return definitions.stream().collect(Collectors.toMap(TableDefinition::table, Function.identity()));
	}

	/** What the comparisons of one verification share: the slot to wait on and the progress log. */
	final class Context {

		private final PgSession subscriber;

		private final String slotName;

		private long lastProgress = System.nanoTime();

		Context(PgSession subscriber, String slotName) {
			this.subscriber = subscriber;
			this.slotName = slotName;
		}

		void confirm(PgSession publisher, String lsn) {
			SubscriberConfirmation.await(publisher, this.subscriber, Verifier.this.pair.subscription(), this.slotName,
					lsn,
					Verifier.this.options.confirmTimeout());
		}

		void progress(TableName table, long rows, int chunks) {
			long now = System.nanoTime();
			if (now - this.lastProgress >= PROGRESS_NANOS) {
				this.lastProgress = now;
				logger.info("pgrepl: verifying subscription '{}': {} at {} rows, {} chunks",
						Verifier.this.pair.subscription(), table, rows, chunks);
			}
		}

	}

}
