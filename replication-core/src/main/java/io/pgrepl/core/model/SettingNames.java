package io.pgrepl.core.model;

/**
 * What a setting is called where the user declared it. The core names settings in its own words
 * ({@link #CORE}); an adapter that reads configuration supplies the names its users wrote.
 */
@FunctionalInterface
public interface SettingNames {

	/**
	 * The core API's names: {@code publication 'orders_pub' tables[2]}, {@code subscription
	 * 'orders_sub' createTables}, {@code lagCritical}.
	 */
	SettingNames CORE = (ref) -> {
		String object = switch (ref.kind()) {
			case PUBLICATION -> (ref.name() != null) ? "publication '" + ref.name() + "'" : "publications";
			case SUBSCRIPTION -> (ref.name() != null) ? "subscription '" + ref.name() + "'" : "subscriptions";
			case HEALTH_THRESHOLDS -> "health thresholds";
			case DATABASE -> "database";
		};
		Setting setting = ref.setting();
		if (setting == null) {
			return object;
		}
		String field = setting.javaName() + ((ref.index() != null) ? "[" + ref.index() + "]" : "")
				+ ((ref.key() != null) ? "." + ref.key() : "");
		// a threshold is a record component of HealthThresholds: its own name says enough
		return (ref.kind() == SettingRef.Kind.HEALTH_THRESHOLDS) ? field : object + " " + field;
	};

	/** The name of a declared object or one of its settings. */
	String name(SettingRef ref);

}
