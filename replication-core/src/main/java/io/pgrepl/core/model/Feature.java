package io.pgrepl.core.model;

/**
 * Logical replication features that arrived after PostgreSQL 14, the oldest supported version.
 */
public enum Feature {

	TABLES_IN_SCHEMA("publishing TABLES IN SCHEMA", 15),
	ROW_FILTER("a publication row filter (WHERE)", 15),
	COLUMN_LIST("a publication column list", 15),
	TWO_PHASE("subscription option two_phase", 15),
	DISABLE_ON_ERROR("subscription option disable_on_error", 15),
	SUBSCRIPTION_STATS("pg_stat_subscription_stats (apply and sync error counters)", 15),
	SKIP_TRANSACTION("ALTER SUBSCRIPTION ... SKIP (lsn = ...)", 15),
	ORIGIN("subscription option origin", 16),
	RUN_AS_OWNER("subscription option run_as_owner", 16),
	PASSWORD_REQUIRED("subscription option password_required", 16),
	STREAMING_PARALLEL("subscription option streaming = parallel", 16),
	CREATE_SUBSCRIPTION_ROLE("the pg_create_subscription role", 16),
	FAILOVER("subscription option failover", 17),
	SLOT_INACTIVE_SINCE("pg_replication_slots.inactive_since", 17),
	CONFLICT_COUNTERS("conflict counters in pg_stat_subscription_stats", 18),
	ALTER_TWO_PHASE("ALTER SUBSCRIPTION ... SET (two_phase)", 18);

	private final String description;

	private final int minimumMajorVersion;

	Feature(String description, int minimumMajorVersion) {
		this.description = description;
		this.minimumMajorVersion = minimumMajorVersion;
	}

	public String description() {
		return this.description;
	}

	public int minimumMajorVersion() {
		return this.minimumMajorVersion;
	}

}
