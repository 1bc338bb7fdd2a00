package io.pgrepl.core.health;

import io.pgrepl.core.status.ReplicationCapacity;
import io.pgrepl.core.status.SlotStatus;
import org.jspecify.annotations.Nullable;

/**
 * What the publisher said about a subscription's slot: not asked (no publisher {@code DataSource}
 * or no slot), found, not found, or not reachable.
 *
 * @param consulted whether the publisher was asked
 * @param slot the slot when found
 * @param failure why the publisher could not be read, when it could not
 * @param capacity the publisher's slots and walsenders, read only while a table copy is stuck
 */
record SlotLookup(boolean consulted, @Nullable SlotStatus slot, @Nullable String failure,
		@Nullable ReplicationCapacity capacity) {

	static final SlotLookup NOT_CONSULTED = new SlotLookup(false, null, null, null);

	static SlotLookup found(@Nullable SlotStatus slot) {
		return new SlotLookup(true, slot, null, null);
	}

	static SlotLookup found(@Nullable SlotStatus slot, @Nullable ReplicationCapacity capacity) {
		return new SlotLookup(true, slot, null, capacity);
	}

	static SlotLookup failed(String failure) {
		return new SlotLookup(true, null, failure, null);
	}

	boolean missing() {
		return this.consulted && this.slot == null && this.failure == null;
	}

}
