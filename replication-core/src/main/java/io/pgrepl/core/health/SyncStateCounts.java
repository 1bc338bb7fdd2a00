package io.pgrepl.core.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pgrepl.core.status.SyncState;
import io.pgrepl.core.status.TableSyncStatus;

/**
 * How many tables of a subscription are in each sync state.
 *
 * @param init {@code i}
 * @param copying {@code d}
 * @param finishedCopy {@code f}
 * @param synced {@code s}, "synchronized" in health details ({@code synchronized} is a Java keyword)
 * @param ready {@code r}
 */
public record SyncStateCounts(int init, int copying, int finishedCopy, int synced, int ready) {

	public static final SyncStateCounts NONE = new SyncStateCounts(0, 0, 0, 0, 0);

	public static SyncStateCounts of(List<TableSyncStatus> tables) {
		int[] counts = new int[SyncState.values().length];
		tables.forEach((table) -> counts[table.state().ordinal()]++);
		return new SyncStateCounts(counts[0], counts[1], counts[2], counts[3], counts[4]);
	}

	public int total() {
		return this.init + this.copying + this.finishedCopy + this.synced + this.ready;
	}

	/** The counts keyed {@code init, copying, finishedCopy, synchronized, ready}, in that order. */
	public Map<String, Integer> toMap() {
		Map<String, Integer> map = new LinkedHashMap<>();
		map.put(SyncState.INIT.displayName(), this.init);
		map.put(SyncState.COPYING.displayName(), this.copying);
		map.put(SyncState.FINISHED_COPY.displayName(), this.finishedCopy);
		map.put(SyncState.SYNCHRONIZED.displayName(), this.synced);
		map.put(SyncState.READY.displayName(), this.ready);
		return map;
	}

}
