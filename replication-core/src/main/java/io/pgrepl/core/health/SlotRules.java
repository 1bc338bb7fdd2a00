package io.pgrepl.core.health;

import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.status.SlotStatus;

/** What a slot's status means, for the publisher's health and a subscription's. */
final class SlotRules {

	private SlotRules() {
	}

	/** A lost slot; an unreserved one; retained WAL, lag and an idle slot holding WAL. */
	static void check(SlotStatus slot, HealthThresholds thresholds, Findings findings) {
		String subject = "slot '" + slot.name() + "'";
		if (slot.lost()) {
			findings.issue(lostMessage(slot));
			return;
		}
		if ("unreserved".equals(slot.walStatus())) {
			findings.warning(subject + " needs WAL beyond max_slot_wal_keep_size (wal_status = unreserved): it is "
					+ "lost at the next checkpoint unless its subscriber catches up first");
		}
		findings.bytesAbove(slot.retainedBytes(), thresholds.retainedWalWarning(), thresholds.retainedWalCritical(),
				"WAL retained by " + subject, "the publisher keeps it on disk until the subscriber confirms it");
		findings.bytesAbove(slot.lagBytes(), thresholds.lagBytesWarning(), thresholds.lagBytesCritical(),
				"WAL not yet confirmed by the subscriber of " + subject,
				"the subscriber is behind, disabled or cannot connect");
		findings.durationAbove(slot.replayLag(), thresholds.lagWarning(), thresholds.lagCritical(),
				"replay lag of " + subject, "the subscriber applies changes later than they are written");
		Long retained = slot.retainedBytes();
		if (!slot.active() && retained != null && retained > 0) {
			findings.warning(subject + " is inactive"
					+ ((slot.inactiveSince() != null) ? " since " + slot.inactiveSince() : "") + " and retains "
					+ Units.bytes(retained) + " of WAL: its subscription is disabled or cannot connect; if that "
					+ "subscription no longer exists, drop the slot: SELECT pg_drop_replication_slot("
					+ Identifiers.literal(slot.name()) + ")");
		}
	}

	static String lostMessage(SlotStatus slot) {
		return "slot '" + slot.name() + "' is lost (wal_status = " + slot.walStatus()
				+ ((slot.invalidationReason() != null) ? ", invalidation_reason = " + slot.invalidationReason() : "")
				+ "): the WAL it needs was removed, so its subscription can never resume and must be recreated "
				+ "(DROP SUBSCRIPTION, which drops this slot too, then CREATE SUBSCRIPTION, which copies the tables "
				+ "again)";
	}

}
