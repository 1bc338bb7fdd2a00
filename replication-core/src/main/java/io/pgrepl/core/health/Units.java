package io.pgrepl.core.health;

import java.time.Duration;
import java.util.Locale;

/** Sizes and durations for messages: bytes in {@code pg_size_pretty} units (1 kB = 1024 bytes). */
final class Units {

	private static final String[] UNITS = { "kB", "MB", "GB", "TB" };

	private Units() {
	}

	static String bytes(long bytes) {
		if (bytes < 1024) {
			return bytes + " bytes";
		}
		double value = bytes;
		int unit = -1;
		while (value >= 1024 && unit < UNITS.length - 1) {
			value /= 1024;
			unit++;
		}
		return String.format(Locale.ROOT, (value < 10) ? "%.1f %s" : "%.0f %s", value, UNITS[unit]);
	}

	static String duration(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

}
