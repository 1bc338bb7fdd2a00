package io.pgrepl.core;

import java.time.Duration;
import java.util.List;

import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.status.TableSyncStatus;

/**
 * A subscription's tables were not all ready when {@link Replication#awaitSync} stopped waiting.
 * The message names each table that is not ready with its sync state.
 */
public class SyncTimeoutException extends ReplicationException {

	private final String subscription;

	private final List<TableSyncStatus> notReady;

	SyncTimeoutException(String subscription, Duration timeout, List<TableSyncStatus> notReady, List<String> issues) {
		super("subscription '" + subscription + "' did not finish its initial sync within " + timeout + ": "
				+ (notReady.isEmpty() ? "its tables are not known yet"
						: notReady.size() + " tables are not ready: " + String.join(", ", notReady.stream()
							.map((table) -> table.tableName() + " (" + table.stateName() + ")")
							.toList()))
				+ (issues.isEmpty() ? "" : "; health reports: " + String.join("; ", issues))
				+ "; wait longer, or look for the cause in the subscriber's server log");
		this.subscription = subscription;
		this.notReady = List.copyOf(notReady);
	}

	public String getSubscription() {
		return this.subscription;
	}

	/** The tables that were not ready, with their states. */
	public List<TableSyncStatus> getNotReady() {
		return this.notReady;
	}

}
