package io.pgrepl.core.verify;

import java.util.List;

/**
 * One row that differs, by its primary key.
 *
 * @param key the key's column values, as text
 * @param kind how it differs
 */
public record KeyDifference(List<String> key, Kind kind) {

	public KeyDifference {
		key = List.copyOf(key);
	}

	/** How a row differs. */
	public enum Kind {

		/** On the publisher, not on the subscriber. */
		MISSING_ON_SUBSCRIBER,

		/** On the subscriber, not on the publisher. */
		EXTRA_ON_SUBSCRIBER,

		/** On both, with different values in a published column. */
		CHANGED

	}

}
