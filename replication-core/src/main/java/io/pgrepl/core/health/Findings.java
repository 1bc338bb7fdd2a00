package io.pgrepl.core.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** Issues (broken now: DOWN) and warnings (early signs) collected by one check. */
final class Findings {

	private final List<String> issues = new ArrayList<>();

	private final List<String> warnings = new ArrayList<>();

	void issue(String message) {
		this.issues.add(message);
	}

	void warning(String message) {
		this.warnings.add(message);
	}

	/**
	 * An issue when {@code value} is above {@code critical}, a warning when above {@code warning}.
	 * @param what the measured thing, completed by "is 2.0 GB, above the critical threshold 1.0 GB"
	 * @param why what it means, appended after a colon
	 */
	void bytesAbove(@Nullable Long value, long warning, long critical, String what, String why) {
		if (value == null || value <= warning) {
			return;
		}
		boolean isIssue = value > critical;
		add(isIssue, what + " is " + Units.bytes(value) + ", above the " + (isIssue ? "critical" : "warning")
				+ " threshold " + Units.bytes(isIssue ? critical : warning) + ": " + why);
	}

	/** The same as {@link #bytesAbove} for durations. */
	void durationAbove(@Nullable Duration value, Duration warning, Duration critical, String what, String why) {
		if (value == null || value.compareTo(warning) <= 0) {
			return;
		}
		boolean isIssue = value.compareTo(critical) > 0;
		add(isIssue, what + " is " + Units.duration(value) + ", above the " + (isIssue ? "critical" : "warning")
				+ " threshold " + Units.duration(isIssue ? critical : warning) + ": " + why);
	}

	/** Keeps issues as warnings from here on (for a check whose subject is expected to be off). */
	Findings downgradedToWarnings() {
		Findings downgraded = new Findings();
		downgraded.warnings.addAll(this.issues);
		downgraded.warnings.addAll(this.warnings);
		return downgraded;
	}

	void addAll(Findings other) {
		this.issues.addAll(other.issues);
		this.warnings.addAll(other.warnings);
	}

	List<String> issues() {
		return List.copyOf(this.issues);
	}

	List<String> warnings() {
		return List.copyOf(this.warnings);
	}

	private void add(boolean isIssue, String message) {
		if (isIssue) {
			issue(message);
		}
		else {
			warning(message);
		}
	}

}
