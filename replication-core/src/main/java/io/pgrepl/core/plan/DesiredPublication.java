package io.pgrepl.core.plan;

import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.SettingRef;

/**
 * A publication that should exist in the managed database.
 *
 * @param name the publication name, a plain identifier
 * @param definition its tables (or all tables), operations and partition-root flag
 * @param prune whether tables in the publication but not in the definition are dropped from it;
 * without it, tables added by hand stay
 */
public record DesiredPublication(String name, PublicationDefinition definition, boolean prune) {

	public DesiredPublication {
		Identifiers.requirePlain(name, "publication name");
	}

	/** A publication declared in code, without prune. */
	public static DesiredPublication of(String name, PublicationDefinition definition) {
		return new DesiredPublication(name, definition, false);
	}

	/** This publication, as messages point at it and its settings. */
	public SettingRef settingRef() {
		return SettingRef.publication(this.name);
	}

}
