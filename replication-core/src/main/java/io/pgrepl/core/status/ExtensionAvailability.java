package io.pgrepl.core.status;

import org.jspecify.annotations.Nullable;

/**
 * Whether an extension can be had on a server.
 *
 * @param name the extension
 * @param available whether the server ships it ({@code pg_available_extensions})
 * @param installedSchema the schema it is installed in, or {@code null} when it is not installed
 * @param mayCreate whether the connected role may create it (a superuser, or a trusted extension
 * and CREATE on the database)
 */
public record ExtensionAvailability(String name, boolean available, @Nullable String installedSchema,
		boolean mayCreate) {

	public boolean installed() {
		return this.installedSchema != null;
	}

}
