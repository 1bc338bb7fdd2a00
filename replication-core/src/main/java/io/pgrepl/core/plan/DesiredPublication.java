package io.pgrepl.core.plan;

import java.time.Duration;

import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.PgVersion;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.SettingRef;
import io.pgrepl.core.publication.Heartbeat;
import org.jspecify.annotations.Nullable;

/**
 * A publication that should exist in the managed database.
 *
 * @param name the publication name, a plain identifier
 * @param definition its tables (or all tables), operations and partition-root flag
 * @param prune whether tables in the publication but not in the definition are dropped from it;
 * without it, tables added by hand stay
 * @param heartbeat how often the application writes the publication's row of pgrepl's heartbeat
 * table ({@link Heartbeat}), which the publication then publishes too; {@code null} for none
 */
public record DesiredPublication(String name, PublicationDefinition definition, boolean prune,
		@Nullable Duration heartbeat) {

	public DesiredPublication {
		Identifiers.requirePlain(name, "publication name");
	}

	/** A publication without a heartbeat. */
	public DesiredPublication(String name, PublicationDefinition definition, boolean prune) {
		this(name, definition, prune, null);
	}

	/** A publication declared in code, without prune. */
	public static DesiredPublication of(String name, PublicationDefinition definition) {
		return new DesiredPublication(name, definition, false);
	}

	/** This publication, with its heartbeat written at this interval. */
	public DesiredPublication withHeartbeat(Duration interval) {
		return new DesiredPublication(this.name, this.definition, this.prune, interval);
	}

	/** This publication, as messages point at it and its settings. */
	public SettingRef settingRef() {
		return SettingRef.publication(this.name);
	}

	/**
	 * What the publication publishes on a server of this version: its definition, with pgrepl's
	 * heartbeat table when it has a heartbeat ({@link Heartbeat#published}).
	 */
	PublicationDefinition published(PgVersion version) {
		return (this.heartbeat != null) ? Heartbeat.published(this.name, this.definition, version) : this.definition;
	}

}
