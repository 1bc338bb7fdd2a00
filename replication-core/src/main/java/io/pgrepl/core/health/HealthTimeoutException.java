package io.pgrepl.core.health;

import java.time.Duration;

import io.pgrepl.core.model.ReplicationException;
import org.jspecify.annotations.Nullable;

/**
 * A health snapshot that did not come within the health timeout: the server it was reading
 * accepted the connection and did not answer (a stopped postmaster, a stuck proxy, a full
 * network), or answers too slowly. The snapshot goes on in the background and answers later calls
 * once taken.
 */
public class HealthTimeoutException extends ReplicationException {

	private final Duration timeout;

	/**
	 * @param side the server being read when the time ran out, e.g. {@code publisher}
	 * @param address its {@code host:port}; {@code null} when unknown
	 * @param timeout the health timeout
	 */
	public HealthTimeoutException(String side, @Nullable String address, Duration timeout) {
		super("the " + side + " did not answer within " + seconds(timeout)
				+ ((address != null) ? " (" + address + ")" : "")
				+ "; the health check goes on in the background and answers the next call once it is done");
		this.timeout = timeout;
	}

	/** The health timeout that ran out. */
	public Duration timeout() {
		return this.timeout;
	}

	private static String seconds(Duration timeout) {
		long millis = timeout.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}
