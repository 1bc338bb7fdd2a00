package io.pgrepl.core;

import java.time.Duration;
import java.util.List;

import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.status.TableSyncStatus;

/**
 * A subscription's tables were not all ready when {@link Replication#awaitSync} stopped waiting:
 * at its timeout, or before it when health reports a table that can never finish its sync. The
 * message names each table that is not ready with its sync state, and what health reports.
 */
public class SyncTimeoutException extends ReplicationException {

	private final String subscription;

	private final List<TableSyncStatus> notReady;

	SyncTimeoutException(String subscription, Duration timeout, List<TableSyncStatus> notReady, List<String> issues) {
		this("subscription '" + subscription + "' did not finish its initial sync within " + timeout + ": "
				+ describe(notReady, issues) + "; wait longer, or look for the cause in the subscriber's server log",
				subscription, notReady);
	}

	private SyncTimeoutException(String message, String subscription, List<TableSyncStatus> notReady) {
		super(message);
		this.subscription = subscription;
		this.notReady = List.copyOf(notReady);
	}

	/**
	 * The wait stopped before its timeout: health reports a table that can never finish its
	 * initial sync, so waiting longer cannot help.
	 */
	static SyncTimeoutException cannotFinish(String subscription, List<TableSyncStatus> notReady,
			List<String> issues) {
		return new SyncTimeoutException("subscription '" + subscription + "' cannot finish its initial sync, so "
				+ "waiting for it stopped: " + describe(notReady, issues), subscription, notReady);
	}

	private static String describe(List<TableSyncStatus> notReady, List<String> issues) {
		return (notReady.isEmpty() ? "its tables are not known yet"
				: notReady.size() + " tables are not ready: " + String.join(", ", notReady.stream()
					.map((table) -> table.tableName() + " (" + table.stateName() + ")")
					.toList()))
				+ (issues.isEmpty() ? "" : "; health reports: " + String.join("; ", issues));
	}

	public String getSubscription() {
		return this.subscription;
	}

	/** The tables that were not ready, with their states. */
	public List<TableSyncStatus> getNotReady() {
		return this.notReady;
	}

}
