package io.pgrepl.autoconfigure;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SettingNames;
import io.pgrepl.core.model.SettingRef;

/**
 * What the core's settings are called in this starter: the one table from a {@link SettingRef}
 * (object, setting, list element) to its {@code replication.*} property. Failure analyses,
 * messages and logged warnings of the desired state, and errors in the health thresholds all
 * name properties through it.
 */
public final class PropertyNames {

	/** The core's settings named as properties. */
	public static final SettingNames NAMES = PropertyNames::of;

	/** How the starter reconciles at startup; no core setting, the core has a method for each mode. */
	static final String MODE = "replication.mode";

	private static final Map<Setting, String> KEYS = keys();

	private PropertyNames() {
	}

	/**
	 * The property, e.g. {@code replication.publications.orders_pub.tables[2]} or
	 * {@code replication.health.lag-critical}.
	 */
	public static String of(SettingRef ref) {
		String object = switch (ref.kind()) {
			case PUBLICATION -> "replication.publications" + ((ref.name() != null) ? "." + ref.name() : "");
			case SUBSCRIPTION -> "replication.subscriptions" + ((ref.name() != null) ? "." + ref.name() : "");
			case HEALTH_THRESHOLDS -> "replication.health";
			case DATABASE -> "replication.datasource";
		};
		Setting setting = ref.setting();
		if (setting == null) {
			return object;
		}
		String key = Objects.requireNonNull(KEYS.get(setting), () -> "no property for " + setting);
		return object + "." + key + ((ref.index() != null) ? "[" + ref.index() + "]" : "")
				+ ((ref.key() != null) ? "." + ref.key() : "");
	}

	private static Map<Setting, String> keys() {
		Map<Setting, String> keys = new EnumMap<>(Setting.class);
		keys.put(Setting.TABLES, "tables");
		keys.put(Setting.SCHEMAS, "schemas");
		keys.put(Setting.ALL_TABLES, "all-tables");
		keys.put(Setting.OPERATIONS, "operations");
		keys.put(Setting.PUBLISH_VIA_PARTITION_ROOT, "publish-via-partition-root");
		keys.put(Setting.PRUNE, "prune");
		keys.put(Setting.HEARTBEAT, "heartbeat");
		keys.put(Setting.PUBLISHER, "publisher");
		keys.put(Setting.PUBLISHER_HOST, "publisher.host");
		keys.put(Setting.PUBLISHER_PORT, "publisher.port");
		keys.put(Setting.PUBLISHER_DATABASE, "publisher.database");
		keys.put(Setting.PUBLISHER_USER, "publisher.username");
		keys.put(Setting.PUBLISHER_PASSWORD, "publisher.password");
		keys.put(Setting.PUBLISHER_OPTIONS, "publisher.options");
		keys.put(Setting.PUBLISHER_CONNECTION_STRING, "publisher.connection-string");
		keys.put(Setting.PUBLISHER_DATA_SOURCE, "publisher.jdbc-url");
		keys.put(Setting.PUBLICATIONS, "publications");
		keys.put(Setting.CREATE_TABLES, "create-tables");
		keys.put(Setting.SLOT_NAME, "slot-name");
		keys.put(Setting.COPY_DATA, "copy-data");
		keys.put(Setting.CREATE_SLOT, "create-slot");
		keys.put(Setting.ENABLED, "enabled");
		keys.put(Setting.STREAMING, "streaming");
		keys.put(Setting.BINARY, "binary");
		keys.put(Setting.DISABLE_ON_ERROR, "disable-on-error");
		keys.put(Setting.TWO_PHASE, "two-phase");
		keys.put(Setting.ORIGIN, "origin");
		keys.put(Setting.FAILOVER, "failover");
		keys.put(Setting.PASSWORD_REQUIRED, "password-required");
		keys.put(Setting.RUN_AS_OWNER, "run-as-owner");
		keys.put(Setting.SEQUENCES, "sequences");
		keys.put(Setting.LAG_WARNING, "lag-warning");
		keys.put(Setting.LAG_CRITICAL, "lag-critical");
		keys.put(Setting.LAG_BYTES_WARNING, "lag-bytes-warning");
		keys.put(Setting.LAG_BYTES_CRITICAL, "lag-bytes-critical");
		keys.put(Setting.RETAINED_WAL_WARNING, "retained-wal-warning");
		keys.put(Setting.RETAINED_WAL_CRITICAL, "retained-wal-critical");
		return keys;
	}

}
