package io.pgrepl.core.status;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Conflicts the apply worker met since the statistics were last reset (PostgreSQL 18,
 * {@code pg_stat_subscription_stats.confl_*}). Conflicts on missing rows are skipped silently by
 * PostgreSQL, so a count above zero means the subscriber's data already differs from the
 * publisher's.
 *
 * @param insertExists an inserted row violated a unique constraint (also an apply error)
 * @param updateOriginDiffers an updated row was last changed by another origin
 * @param updateExists an updated row violated a unique constraint (also an apply error)
 * @param updateMissing the row to update was not found; the update was skipped
 * @param deleteOriginDiffers a deleted row was last changed by another origin
 * @param deleteMissing the row to delete was not found; the delete was skipped
 * @param multipleUniqueConflicts a row violated several unique constraints (also an apply error)
 */
public record ConflictCounts(long insertExists, long updateOriginDiffers, long updateExists, long updateMissing,
		long deleteOriginDiffers, long deleteMissing, long multipleUniqueConflicts) {

	public long total() {
		return this.insertExists + this.updateOriginDiffers + this.updateExists + this.updateMissing
				+ this.deleteOriginDiffers + this.deleteMissing + this.multipleUniqueConflicts;
	}

	/** Every counter by PostgreSQL's conflict name ({@code insert_exists}, ...), in the view's order. */
	public Map<String, Long> all() {
		Map<String, Long> counts = new LinkedHashMap<>();
		counts.put("insert_exists", this.insertExists);
		counts.put("update_origin_differs", this.updateOriginDiffers);
		counts.put("update_exists", this.updateExists);
		counts.put("update_missing", this.updateMissing);
		counts.put("delete_origin_differs", this.deleteOriginDiffers);
		counts.put("delete_missing", this.deleteMissing);
		counts.put("multiple_unique_conflicts", this.multipleUniqueConflicts);
		return counts;
	}

	/** The non-zero counters by PostgreSQL's conflict name ({@code insert_exists}, ...). */
	public Map<String, Long> nonZero() {
		Map<String, Long> counts = new LinkedHashMap<>();
		putIfPositive(counts, "insert_exists", this.insertExists);
		putIfPositive(counts, "update_origin_differs", this.updateOriginDiffers);
		putIfPositive(counts, "update_exists", this.updateExists);
		putIfPositive(counts, "update_missing", this.updateMissing);
		putIfPositive(counts, "delete_origin_differs", this.deleteOriginDiffers);
		putIfPositive(counts, "delete_missing", this.deleteMissing);
		putIfPositive(counts, "multiple_unique_conflicts", this.multipleUniqueConflicts);
		return counts;
	}

	private static void putIfPositive(Map<String, Long> counts, String name, long count) {
		if (count > 0) {
			counts.put(name, count);
		}
	}

}
