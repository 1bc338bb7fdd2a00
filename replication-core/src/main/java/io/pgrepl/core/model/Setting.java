package io.pgrepl.core.model;

import java.util.Locale;

/**
 * A value a user declares for a publication, a subscription or the health thresholds, in pgrepl's
 * words. Adapters name it their own way (a Spring Boot property, a builder method); see
 * {@link SettingNames}.
 */
public enum Setting {

	TABLES(SettingRef.Kind.PUBLICATION), SCHEMAS(SettingRef.Kind.PUBLICATION), ALL_TABLES(SettingRef.Kind.PUBLICATION),
	OPERATIONS(SettingRef.Kind.PUBLICATION), PUBLISH_VIA_PARTITION_ROOT(SettingRef.Kind.PUBLICATION),
	PRUNE(SettingRef.Kind.PUBLICATION),
	/** How often the application writes the publication's heartbeat row. */
	HEARTBEAT(SettingRef.Kind.PUBLICATION),

	/** The publisher as a whole: how both the subscriber server and this application reach it. */
	PUBLISHER(SettingRef.Kind.SUBSCRIPTION), PUBLISHER_HOST(SettingRef.Kind.SUBSCRIPTION),
	PUBLISHER_PORT(SettingRef.Kind.SUBSCRIPTION), PUBLISHER_DATABASE(SettingRef.Kind.SUBSCRIPTION),
	PUBLISHER_USER(SettingRef.Kind.SUBSCRIPTION), PUBLISHER_PASSWORD(SettingRef.Kind.SUBSCRIPTION),
	PUBLISHER_OPTIONS(SettingRef.Kind.SUBSCRIPTION),
	/** The libpq connection string the subscriber server uses, given whole. */
	PUBLISHER_CONNECTION_STRING(SettingRef.Kind.SUBSCRIPTION),
	/** How this application, not the subscriber server, reaches the publisher when that differs. */
	PUBLISHER_DATA_SOURCE(SettingRef.Kind.SUBSCRIPTION),
	PUBLICATIONS(SettingRef.Kind.SUBSCRIPTION), CREATE_TABLES(SettingRef.Kind.SUBSCRIPTION),
	SLOT_NAME(SettingRef.Kind.SUBSCRIPTION), COPY_DATA(SettingRef.Kind.SUBSCRIPTION),
	CREATE_SLOT(SettingRef.Kind.SUBSCRIPTION), ENABLED(SettingRef.Kind.SUBSCRIPTION),
	STREAMING(SettingRef.Kind.SUBSCRIPTION), BINARY(SettingRef.Kind.SUBSCRIPTION),
	DISABLE_ON_ERROR(SettingRef.Kind.SUBSCRIPTION), TWO_PHASE(SettingRef.Kind.SUBSCRIPTION),
	ORIGIN(SettingRef.Kind.SUBSCRIPTION), FAILOVER(SettingRef.Kind.SUBSCRIPTION),
	PASSWORD_REQUIRED(SettingRef.Kind.SUBSCRIPTION), RUN_AS_OWNER(SettingRef.Kind.SUBSCRIPTION),
	/** Sequences synced besides those owned by the published tables. */
	SEQUENCES(SettingRef.Kind.SUBSCRIPTION),

	LAG_WARNING(SettingRef.Kind.HEALTH_THRESHOLDS), LAG_CRITICAL(SettingRef.Kind.HEALTH_THRESHOLDS),
	LAG_BYTES_WARNING(SettingRef.Kind.HEALTH_THRESHOLDS), LAG_BYTES_CRITICAL(SettingRef.Kind.HEALTH_THRESHOLDS),
	RETAINED_WAL_WARNING(SettingRef.Kind.HEALTH_THRESHOLDS), RETAINED_WAL_CRITICAL(SettingRef.Kind.HEALTH_THRESHOLDS);

	private final SettingRef.Kind kind;

	Setting(SettingRef.Kind kind) {
		this.kind = kind;
	}

	/** What kind of object has this setting. */
	public SettingRef.Kind kind() {
		return this.kind;
	}

	/** The Java name, e.g. {@code allTables}, as the core API's records and builders spell it. */
	public String javaName() {
		String[] words = name().toLowerCase(Locale.ROOT).split("_");
		StringBuilder name = new StringBuilder(words[0]);
		for (int i = 1; i < words.length; i++) {
			name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i], 1, words[i].length());
		}
		return name.toString();
	}

}
