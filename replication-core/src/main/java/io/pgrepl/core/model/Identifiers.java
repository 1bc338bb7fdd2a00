package io.pgrepl.core.model;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Quoting for SQL text built by pgrepl. Every identifier goes through {@link #quote(String)} and
 * every string value through {@link #literal(String)}, so a name is only ever a name.
 */
public final class Identifiers {

	/** NAMEDATALEN - 1: PostgreSQL truncates longer identifiers, which would silently rename. */
	public static final int MAX_LENGTH_BYTES = 63;

	private static final Pattern PLAIN = Pattern.compile("[\\p{L}_][\\p{L}0-9_$]*");

	private Identifiers() {
	}

	/** {@code orders} → {@code "orders"}; embedded double quotes are doubled. */
	public static String quote(String identifier) {
		return '"' + identifier.replace("\"", "\"\"") + '"';
	}

	/**
	 * A string literal that means the same whatever {@code standard_conforming_strings} is: with
	 * backslashes it becomes an escape string ({@code E'...'}) with backslashes doubled.
	 */
	public static String literal(String value) {
		String quoted = value.replace("'", "''");
		if (value.indexOf('\\') >= 0) {
			return "E'" + quoted.replace("\\", "\\\\") + "'";
		}
		return "'" + quoted + "'";
	}

	/**
	 * Checks that a name can be an identifier exactly as given: not empty, no NUL, at most 63
	 * bytes in UTF-8.
	 * @param name the name
	 * @param argument the argument that holds it, for the message
	 * @return the name
	 */
	public static String requireValid(String name, String argument) {
		if (name == null || name.isEmpty()) {
			throw invalid(argument, "must not be empty");
		}
		if (name.indexOf('\0') >= 0) {
			throw invalid(argument, "must not contain a NUL character");
		}
		int bytes = name.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MAX_LENGTH_BYTES) {
			throw invalid(argument, "'" + name + "' is " + bytes + " bytes long; PostgreSQL identifiers are at most "
					+ MAX_LENGTH_BYTES + " bytes");
		}
		return name;
	}

	/**
	 * Checks that a name is a plain PostgreSQL identifier: letters, digits, underscores and
	 * {@code $}, starting with a letter or underscore, at most 63 bytes. Names from configuration
	 * files go through this, so a typo or an injected {@code "; DROP ...} is refused before any
	 * SQL, instead of becoming a strangely named object.
	 * @param name the name
	 * @param argument the argument that holds it, for the message
	 * @return the name
	 */
	public static String requirePlain(String name, String argument) {
		requireValid(name, argument);
		if (!PLAIN.matcher(name).matches()) {
			throw invalid(argument, "'" + name + "' is not a plain PostgreSQL identifier: use letters, digits, "
					+ "underscores and $, starting with a letter or underscore");
		}
		return name;
	}

	/**
	 * Checks a replication slot name: PostgreSQL allows only lower case letters, digits and
	 * underscores, at most 63 characters.
	 */
	public static String requireValidSlotName(String slotName, String argument) {
		requireValid(slotName, argument);
		if (!slotName.matches("[a-z0-9_]+")) {
			throw invalid(argument, "'" + slotName
					+ "' is not a valid replication slot name: use only lower case letters, digits and underscores");
		}
		return slotName;
	}

	private static ReplicationArgumentException invalid(String argument, String reason) {
		return new ReplicationArgumentException(argument, argument + " " + reason, reason);
	}

}
