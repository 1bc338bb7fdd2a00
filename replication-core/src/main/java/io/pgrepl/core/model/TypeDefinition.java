package io.pgrepl.core.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A user-defined type a published column needs, directly or through another type, as the
 * publisher defines it.
 *
 * @param oid its oid on the publisher, to order types by {@link #dependsOn()}
 * @param schema its schema
 * @param name its name
 * @param kind what sort of type it is
 * @param definition what follows {@code CREATE TYPE name AS} (or {@code CREATE DOMAIN name AS}):
 * {@code ENUM ('a', 'b')}, {@code (x integer, y text)}, {@code RANGE (SUBTYPE = ...)}, the domain's
 * base type, default and constraints; empty for an extension's type
 * @param extension the extension it belongs to (and that creates it), or {@code null}
 * @param extensionSchema the schema that extension is installed in on the publisher, or {@code null}
 * @param dependsOn oids of the types it is made of (its composite's attributes, its domain's base
 * type, its range's subtype; arrays stand for their element)
 * @param unreproducible why pgrepl cannot create it, or {@code null}
 * @param usedBy the first published column that needs it
 * @param usedByColumn that column's name
 */
public record TypeDefinition(long oid, String schema, String name, Kind kind, String definition,
		@Nullable String extension, @Nullable String extensionSchema, List<Long> dependsOn,
		@Nullable String unreproducible, TableName usedBy, String usedByColumn) {

	/** What sort of type a {@link TypeDefinition} is. */
	public enum Kind {

		ENUM, COMPOSITE, DOMAIN, RANGE, EXTENSION, OTHER

	}

	public TypeDefinition {
		dependsOn = List.copyOf(dependsOn);
	}

	/** {@code "schema"."name"}. */
	public String quoted() {
		return Identifiers.quote(this.schema) + "." + Identifiers.quote(this.name);
	}

	@Override
	public String toString() {
		return this.schema + "." + this.name;
	}

}
