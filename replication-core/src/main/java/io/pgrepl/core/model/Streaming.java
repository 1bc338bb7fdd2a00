package io.pgrepl.core.model;

import java.util.Locale;

/**
 * How a subscription receives large in-progress transactions ({@code streaming}). PostgreSQL 18
 * changed the default from {@code off} to {@code parallel}.
 */
public enum Streaming {

	/** Spill to disk on the publisher until commit. */
	OFF,
	/** Stream to the subscriber, applied at commit. */
	ON,
	/** Stream and apply with parallel apply workers (PostgreSQL 16+). */
	PARALLEL;

	public String sqlValue() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The server's default when the option is not given. */
	public static Streaming serverDefault(PgVersion version) {
		return version.isAtLeast(18) ? PARALLEL : OFF;
	}

	/** From {@code pg_subscription.substream}: boolean before 16, {@code f/t/p} after. */
	public static Streaming fromCatalog(String value) {
		return switch (value) {
			case "t", "true" -> ON;
			case "p" -> PARALLEL;
			default -> OFF;
		};
	}

}
