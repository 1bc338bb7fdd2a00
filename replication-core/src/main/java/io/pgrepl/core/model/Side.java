package io.pgrepl.core.model;

/**
 * What a server is to the user, the word messages and log lines name it by ({@link #toString()}).
 */
public enum Side {

	/** The server that publishes: publications and slots live there. */
	PUBLISHER("publisher"),

	/** The server that subscribes: subscriptions and their tables live there. */
	SUBSCRIBER("subscriber"),

	/** The managed database, when it is read as a whole: it may publish and subscribe at once. */
	DATABASE("database");

	private final String word;

	Side(String word) {
		this.word = word;
	}

	/** The word for messages, e.g. {@code publisher}. */
	@Override
	public String toString() {
		return this.word;
	}

}
