package io.pgrepl.core.internal.catalog;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** Reading nullable columns; SQL NULL stays {@code null} rather than becoming 0. */
public final class Rows {

	private Rows() {
	}

	static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	public static @Nullable Integer nullableInt(ResultSet rs, String column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

	static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/** A duration selected as whole microseconds ({@code (extract(epoch from x) * 1e6)::bigint}). */
	static @Nullable Duration micros(ResultSet rs, String column) throws SQLException {
		Long micros = nullableLong(rs, column);
		return (micros != null) ? Duration.ofNanos(micros * 1000) : null;
	}

	/** A {@code text[]} column; NULL reads as empty. */
	static List<String> strings(ResultSet rs, String column) throws SQLException {
		Array array = rs.getArray(column);
		return (array != null) ? Arrays.asList((String[]) array.getArray()) : List.of();
	}

}
