package io.pgrepl.core.subscription;

import org.jspecify.annotations.Nullable;

/**
 * What {@link Subscription#drop()} did.
 *
 * @param existed whether there was a subscription to drop
 * @param orphanedSlot the slot left on the publisher because it could not be reached, or
 * {@code null}; it retains WAL there until someone runs {@code pg_drop_replication_slot}
 */
public record SubscriptionDropResult(boolean existed, @Nullable String orphanedSlot) {

	public boolean hasOrphanedSlot() {
		return this.orphanedSlot != null;
	}

}
