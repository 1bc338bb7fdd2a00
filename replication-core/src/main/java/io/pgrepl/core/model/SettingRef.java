package io.pgrepl.core.model;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a message points at: a declared object, optionally one of its settings, and for a list
 * setting the element (for a map setting, the key). For example publication {@code orders_pub}, setting {@link Setting#TABLES},
 * index 2. The core never spells a configuration key: {@link SettingNames} does.
 *
 * @param kind the kind of object
 * @param name the object's name; {@code null} for all objects of the kind (all publications) and
 * for the kinds that have one object only
 * @param setting the setting; {@code null} for the object as a whole
 * @param index the element of a list setting, or {@code null}
 * @param key the entry of a map setting (a connection option's keyword), or {@code null}
 */
public record SettingRef(Kind kind, @Nullable String name, @Nullable Setting setting, @Nullable Integer index,
		@Nullable String key) {

	/** What kind of object a setting belongs to. */
	public enum Kind {

		PUBLICATION, SUBSCRIPTION, HEALTH_THRESHOLDS,
		/** The database pgrepl manages: the one whose publications and subscriptions are declared. */
		DATABASE

	}

	public SettingRef {
		Objects.requireNonNull(kind, "kind");
		if (setting != null && setting.kind() != kind) {
			throw new IllegalArgumentException(setting + " is not a setting of a " + kind);
		}
		if ((index != null || key != null) && setting == null) {
			throw new IllegalArgumentException("an index or a key needs a setting");
		}
	}

	/** A setting, or an element of a list setting, with no map key. */
	public SettingRef(Kind kind, @Nullable String name, @Nullable Setting setting, @Nullable Integer index) {
		this(kind, name, setting, index, null);
	}

	/** The publication with this name. */
	public static SettingRef publication(String name) {
		return new SettingRef(Kind.PUBLICATION, name, null, null);
	}

	/** All publications, as when telling where a publication is declared. */
	public static SettingRef publications() {
		return new SettingRef(Kind.PUBLICATION, null, null, null);
	}

	/** The subscription with this name. */
	public static SettingRef subscription(String name) {
		return new SettingRef(Kind.SUBSCRIPTION, name, null, null);
	}

	/** One of the health thresholds. */
	public static SettingRef healthThreshold(Setting setting) {
		return new SettingRef(Kind.HEALTH_THRESHOLDS, null, setting, null);
	}

	/** The managed database. */
	public static SettingRef database() {
		return new SettingRef(Kind.DATABASE, null, null, null);
	}

	/** A setting of this object. */
	public SettingRef setting(Setting setting) {
		return new SettingRef(this.kind, this.name, setting, null);
	}

	/** An element of a list setting of this object. */
	public SettingRef setting(Setting setting, int index) {
		return new SettingRef(this.kind, this.name, setting, index);
	}

	/** One entry of a map setting of this object, such as one connection option. */
	public SettingRef key(String key) {
		if (this.setting == null) {
			throw new IllegalArgumentException("a key needs a setting");
		}
		return new SettingRef(this.kind, this.name, this.setting, null, key);
	}

	/** In the core's own words, e.g. {@code publication 'orders_pub' tables[2]}. */
	@Override
	public String toString() {
		return SettingNames.CORE.name(this);
	}

}
