package io.pgrepl.core.status;

/**
 * The synchronization state of one table of a subscription ({@code pg_subscription_rel.srsubstate}),
 * in the order a table passes through them.
 */
public enum SyncState {

	/** {@code i}: waiting for a table-sync worker. */
	INIT('i', "init"),

	/** {@code d}: the initial copy is running. */
	COPYING('d', "copying"),

	/**
	 * {@code f}: the copy is done and the sync worker is catching up with the stream. PostgreSQL 14
	 * introduced it together with permanent table-sync slots, so every supported version shows it.
	 */
	FINISHED_COPY('f', "finishedCopy"),

	/** {@code s}: synchronized, the apply worker takes over at the recorded LSN. */
	SYNCHRONIZED('s', "synchronized"),

	/** {@code r}: ready, replicated by the apply worker. */
	READY('r', "ready");

	private final char code;

	private final String displayName;

	SyncState(char code, String displayName) {
		this.code = code;
		this.displayName = displayName;
	}

	/** The catalog code, e.g. {@code 'r'}. */
	public char code() {
		return this.code;
	}

	/** The name in health details, e.g. {@code finishedCopy}. */
	public String displayName() {
		return this.displayName;
	}

	/** Whether the initial copy is under way: {@code d} or {@code f}. */
	public boolean copying() {
		return this == COPYING || this == FINISHED_COPY;
	}

	public static SyncState fromCode(char code) {
		for (SyncState state : values()) {
			if (state.code == code) {
				return state;
			}
		}
		throw new IllegalArgumentException("Unknown pg_subscription_rel.srsubstate '" + code + "'");
	}

}
