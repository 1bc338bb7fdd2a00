package io.pgrepl.core.verify;

import java.time.Duration;

import io.pgrepl.core.internal.catalog.LsnCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.ReplicationException;

/**
 * Waits until the subscriber holds every transaction the publisher had committed at a WAL position:
 * until the subscription's replication origin on the subscriber has passed it (quick while changes
 * flow), or its slot on the publisher has confirmed it (which an idle subscriber does too).
 */
public final class SubscriberConfirmation {

	private static final long POLL_MILLIS = 20;

	private SubscriberConfirmation() {
	}

	/**
	 * Waits for the slot to confirm {@code lsn}.
	 * @param publisher a session on the publisher
	 * @param subscriber a session on the subscriber
	 * @param subscription the subscription, for messages
	 * @param slotName its slot
	 * @param lsn the position
	 * @param timeout how long to wait
	 * @return how long it took
	 * @throws ReplicationException when the slot is gone or the time is up
	 */
	public static Duration await(PgSession publisher, PgSession subscriber, String subscription, String slotName, String lsn,
			Duration timeout) {
		long started = System.nanoTime();
		long deadline = started + timeout.toNanos();
		while (true) {
			boolean confirmed = LsnCatalog.confirmed(publisher, slotName, lsn)
				.orElseThrow(() -> new ReplicationException("Slot '" + slotName + "' of subscription '" + subscription
						+ "' does not exist on the publisher"));
			if (confirmed || LsnCatalog.applied(subscriber, subscription, lsn)) {
				return Duration.ofNanos(System.nanoTime() - started);
			}
			if (System.nanoTime() > deadline) {
				throw new ReplicationException("The subscriber of '" + subscription
						+ "' did not confirm the publisher's WAL position " + lsn + " within " + timeout
						+ " (slot '" + slotName + "'); check that the subscription is enabled and its worker running");
			}
			try {
				Thread.sleep(POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ReplicationException("Interrupted while waiting for the subscriber to confirm " + lsn);
			}
		}
	}

}
