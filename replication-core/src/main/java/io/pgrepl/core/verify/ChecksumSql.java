package io.pgrepl.core.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.pgrepl.core.model.ColumnDefinition;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.TableName;
import org.jspecify.annotations.Nullable;

/**
 * The queries that compare one table, the same text on both sides, built without a connection.
 *
 * <p>
 * A row's hash is {@code md5} of the text of the row of its published columns, in the publisher's
 * column order: {@code md5(row(c1, c2, ...)::text)}. The text is canonical because both sessions
 * run with the same {@link CanonicalSettings} ({@code extra_float_digits = 3}, which from
 * PostgreSQL 12 prints the shortest text that reads back to the same float, and fixed
 * {@code TimeZone}, {@code DateStyle}, {@code IntervalStyle} and {@code bytea_output}); {@code money}
 * is hashed as {@code numeric}, its text depending on the server's {@code lc_monetary}. A chunk's
 * checksum is the row count and the sum, as {@code numeric}, of the first 64 bits of every row
 * hash read as a signed {@code bigint}: an order-independent aggregate, so no sort is needed and
 * the chunk is one index range scan.
 */
final class ChecksumSql {

	private final TableName table;

	private final List<ColumnDefinition> key;

	private final List<ColumnDefinition> columns;

	private final @Nullable String rowFilter;

	ChecksumSql(TableName table, List<ColumnDefinition> key, List<ColumnDefinition> columns,
			@Nullable String rowFilter) {
		this.table = table;
		this.key = List.copyOf(key);
		this.columns = List.copyOf(columns);
		this.rowFilter = rowFilter;
	}

	boolean hasKey() {
		return !this.key.isEmpty();
	}

	int keyColumns() {
		return this.key.size();
	}

	/**
	 * Count and checksum of a range; on the publisher with {@code pg_current_wal_insert_lsn()}, read
	 * after the query's snapshot was taken, so past every transaction it sees (see
	 * {@code LsnCatalog.current}).
	 */
	String aggregate(KeyRange range, boolean withLsn) {
		return "select count(*), coalesce(sum(('x' || left(" + rowHash() + ", 16))::bit(64)::bigint), 0)::text"
				+ (withLsn ? ", pg_current_wal_insert_lsn()::text" : ", null::text") + " from " + this.table.quoted() + " t"
				+ where(range);
	}

	/** Key and hash of every row of a range. */
	String rows(KeyRange range) {
		return "select " + keyText() + ", " + rowHash() + " from " + this.table.quoted() + " t" + where(range);
	}

	/** Key and hash of the rows with these keys. */
	String rowsWithKeys(List<List<String>> keys) {
		String values = keys.stream().map(this::keyValue).collect(Collectors.joining(", "));
		return "select " + keyText() + ", " + rowHash() + " from " + this.table.quoted() + " t" + " where " + filter()
				+ " and " + keyTuple() + " in (" + values + ")";
	}

	/** The key {@code offset} rows after {@code after}, not past {@code upTo}: the end of the next chunk. */
	String boundary(@Nullable List<String> after, List<String> upTo, int offset) {
		return "select " + keyText() + " from " + this.table.quoted() + " t" + where(new KeyRange(after, upTo)) + " order by "
				+ keyNames("") + " offset " + offset + " limit 1";
	}

	/** The highest key when the table's comparison starts: where its chunks end, and the range past it begins. */
	String lastKey() {
		return "select " + keyText() + " from " + this.table.quoted() + " t" + " where " + filter() + " order by "
				+ keyNames(" desc") + " limit 1";
	}

	private String where(KeyRange range) {
		StringBuilder where = new StringBuilder(" where ").append(filter());
		if (range.after() != null) {
			where.append(" and ").append(keyTuple()).append(" > ").append(keyValue(range.after()));
		}
		if (range.upTo() != null) {
			where.append(" and ").append(keyTuple()).append(" <= ").append(keyValue(range.upTo()));
		}
		return where.toString();
	}

	private String filter() {
		return (this.rowFilter != null) ? "(" + this.rowFilter + ")" : "true";
	}

	private String rowHash() {
		List<String> values = new ArrayList<>();
		for (ColumnDefinition column : this.columns) {
			String name = Identifiers.quote(column.name());
			values.add(column.type().equals("money") ? name + "::numeric" : name);
		}
		return "md5(row(" + String.join(", ", values) + ")::text)";
	}

	private String keyText() {
		return this.key.stream()
			.map((column) -> Identifiers.quote(column.name()) + "::text")
			.collect(Collectors.joining(", "));
	}

	/** Qualified: in ORDER BY a bare name would mean the output column of the same name, the key as text. */
	private String keyNames(String direction) {
		return this.key.stream()
			.map((column) -> "t." + Identifiers.quote(column.name()) + direction)
			.collect(Collectors.joining(", "));
	}

	private String keyTuple() {
		return "(" + keyNames("") + ")";
	}

	private String keyValue(List<String> values) {
		List<String> typed = new ArrayList<>();
		for (int i = 0; i < this.key.size(); i++) {
			typed.add(Identifiers.literal(values.get(i)) + "::" + this.key.get(i).type());
		}
		return "(" + String.join(", ", typed) + ")";
	}

	/** A primary-key range: after one key (exclusive) up to another (inclusive); {@code null} is open. */
	record KeyRange(@Nullable List<String> after, @Nullable List<String> upTo) {

		static final KeyRange ALL = new KeyRange(null, null);

	}

}
