package io.pgrepl.core.model;

import java.util.Locale;

/**
 * Which changes a subscription applies by origin ({@code origin}, PostgreSQL 16+): {@link #NONE}
 * skips changes that were themselves replicated, which prevents loops in two-way setups.
 */
public enum Origin {

	ANY, NONE;

	public String sqlValue() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Origin fromCatalog(String value) {
		return "none".equalsIgnoreCase(value) ? NONE : ANY;
	}

}
