package io.pgrepl.core.plan;

import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.PublicationDefinition;

/**
 * A publication that should exist in the managed database.
 *
 * @param name the publication name, a plain identifier
 * @param definition its tables (or all tables), operations and partition-root flag
 * @param prune whether tables in the publication but not in the definition are dropped from it;
 * without it, tables added by hand stay
 * @param property where it was declared, named in messages (e.g.
 * {@code replication.publications.analytics_pub})
 */
public record DesiredPublication(String name, PublicationDefinition definition, boolean prune, String property) {

	public DesiredPublication {
		Identifiers.requirePlain(name, property);
	}

	/** A publication declared in code, without prune; messages call it {@code publications.<name>}. */
	public static DesiredPublication of(String name, PublicationDefinition definition) {
		return new DesiredPublication(name, definition, false, "publications." + name);
	}

}
