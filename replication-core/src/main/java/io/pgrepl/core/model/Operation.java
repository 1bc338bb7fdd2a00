package io.pgrepl.core.model;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** A kind of change a publication publishes ({@code publish = 'insert, update, delete, truncate'}). */
public enum Operation {

	INSERT, UPDATE, DELETE, TRUNCATE;

	/** All four, PostgreSQL's default. */
	public static Set<Operation> all() {
		return EnumSet.allOf(Operation.class);
	}

	/** The name in a {@code publish} list, e.g. {@code insert}. */
	public String sqlName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Reads {@code insert}, {@code UPDATE}, ... */
	public static Operation fromName(String name, String argument) {
		for (Operation operation : values()) {
			if (operation.name().equalsIgnoreCase(name.strip())) {
				return operation;
			}
		}
		String reason = "'" + name + "' is not an operation; use insert, update, delete or truncate";
		throw new ReplicationArgumentException(argument, argument + ": " + reason, reason);
	}

}
