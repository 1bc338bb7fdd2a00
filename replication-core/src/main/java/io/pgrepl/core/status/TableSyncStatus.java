package io.pgrepl.core.status;

import io.pgrepl.core.model.TableName;
import org.jspecify.annotations.Nullable;

/**
 * One table of one subscription and where its synchronization stands.
 *
 * @param subscription the subscription
 * @param schema the table's schema on the subscriber
 * @param table the table's name on the subscriber
 * @param state the sync state
 * @param lsn {@code srsublsn}: the publisher LSN at which the table became synchronized or ready;
 * {@code null} in the earlier states
 * @param syncWorkerPid the table-sync worker copying or catching up this table now, or {@code null}
 * @param copiedBytes while its sync worker copies the table: bytes of the copy stream received so
 * far ({@code pg_stat_progress_copy.bytes_processed}), else {@code null}. PostgreSQL knows no total:
 * the copy reads the publisher's stream, not a file.
 * @param copiedRows while its sync worker copies the table: rows copied so far
 * ({@code tuples_processed}), else {@code null}
 * @param sizeBytes while the table is not ready and its publisher was read: the table's size
 * there ({@code pg_table_size}), the estimate of what its copy transfers (the copy stream is text,
 * not pages: the two differ); else {@code null}
 */
public record TableSyncStatus(String subscription, String schema, String table, SyncState state,
		@Nullable String lsn, @Nullable Integer syncWorkerPid, @Nullable Long copiedBytes,
		@Nullable Long copiedRows, @Nullable Long sizeBytes) {

	/** A table without copy progress. */
	public TableSyncStatus(String subscription, String schema, String table, SyncState state, @Nullable String lsn,
			@Nullable Integer syncWorkerPid) {
		this(subscription, schema, table, state, lsn, syncWorkerPid, null, null, null);
	}

	/** A table as the subscriber shows it, its size on the publisher not read. */
	public TableSyncStatus(String subscription, String schema, String table, SyncState state, @Nullable String lsn,
			@Nullable Integer syncWorkerPid, @Nullable Long copiedBytes, @Nullable Long copiedRows) {
		this(subscription, schema, table, state, lsn, syncWorkerPid, copiedBytes, copiedRows, null);
	}

	/** This table with its size on the publisher. */
	public TableSyncStatus withSizeBytes(@Nullable Long sizeBytes) {
		return new TableSyncStatus(this.subscription, this.schema, this.table, this.state, this.lsn,
				this.syncWorkerPid, this.copiedBytes, this.copiedRows, sizeBytes);
	}

	/** Whether the table is ready: copied and caught up with the apply worker. */
	public boolean ready() {
		return this.state == SyncState.READY;
	}

	/** The state code, {@code i}, {@code d}, {@code f}, {@code s} or {@code r}. */
	public char stateCode() {
		return this.state.code();
	}

	/** The state name: {@code init}, {@code copying}, {@code finishedCopy}, {@code synchronized}, {@code ready}. */
	public String stateName() {
		return this.state.displayName();
	}

	public TableName tableName() {
		return new TableName(this.schema, this.table);
	}

	/**
	 * Whether the initial copy started but no sync worker serves the table any more: the worker
	 * failed (it is retried after {@code wal_retrieve_retry_interval}) or the subscription stopped.
	 */
	public boolean stuckCopying() {
		return this.state.copying() && this.syncWorkerPid == null;
	}

}
