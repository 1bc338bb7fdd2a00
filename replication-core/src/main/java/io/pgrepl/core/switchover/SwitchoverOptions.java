package io.pgrepl.core.switchover;

import java.time.Duration;
import java.util.List;

import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.ReplicationArgumentException;
import io.pgrepl.core.verify.VerifyOptions;

/**
 * How {@link Switchover} moves the application.
 *
 * @param roles the publisher roles whose writes stop: the application's
 * @param maxLagBytes the most WAL the subscriber may still have to confirm at preflight
 * @param catchUpTimeout how long writes may stay stopped while the roles' ended sessions go away,
 * and again while the subscriber catches up; past it, everything is rolled back
 * @param verifyFirst whether preflight verifies the data (while writes still run)
 * @param verifyAfterCatchUp whether the data is verified once writes stopped and the subscriber
 * caught up (every table is compared with no writes running: exact, and part of the write-blocked window)
 * @param verifyOptions how to verify
 * @param sequenceMargin added to every publisher sequence value
 * @param finish what becomes of the subscription
 * @param dropPublications whether the subscription's publications are dropped on the publisher
 * @param dryRun whether only the preflight runs and the other steps are listed with their SQL
 */
public record SwitchoverOptions(List<String> roles, long maxLagBytes, Duration catchUpTimeout, boolean verifyFirst,
		boolean verifyAfterCatchUp, VerifyOptions verifyOptions, long sequenceMargin, Finish finish,
		boolean dropPublications, boolean dryRun) {

	public SwitchoverOptions {
		roles = List.copyOf(roles);
		if (roles.isEmpty()) {
			throw new ReplicationArgumentException("roles",
					"Name the publisher roles the application writes as: their writes are stopped during the switchover");
		}
		for (int i = 0; i < roles.size(); i++) {
			Identifiers.requireValid(roles.get(i), "roles[" + i + "]");
		}
		if (maxLagBytes < 0 || sequenceMargin < 0) {
			throw new ReplicationArgumentException("maxLagBytes", "Lag and margin must not be negative");
		}
	}

	/**
	 * Stops the writes of these roles; 16 MB of lag at most; 30 s to catch up; no verification;
	 * no sequence margin; drops the subscription (and its slot), keeps the publications.
	 */
	public static SwitchoverOptions forRoles(String... roles) {
		return new SwitchoverOptions(List.of(roles), 16L * 1024 * 1024, Duration.ofSeconds(30), false, false,
				VerifyOptions.DEFAULTS, 0, Finish.DROP_SUBSCRIPTION, false, false);
	}

	public SwitchoverOptions withCatchUpTimeout(Duration catchUpTimeout) {
		return new SwitchoverOptions(this.roles, this.maxLagBytes, catchUpTimeout, this.verifyFirst,
				this.verifyAfterCatchUp, this.verifyOptions, this.sequenceMargin, this.finish, this.dropPublications,
				this.dryRun);
	}

	public SwitchoverOptions withVerification(boolean verifyFirst, boolean verifyAfterCatchUp) {
		return new SwitchoverOptions(this.roles, this.maxLagBytes, this.catchUpTimeout, verifyFirst,
				verifyAfterCatchUp, this.verifyOptions, this.sequenceMargin, this.finish, this.dropPublications,
				this.dryRun);
	}

	public SwitchoverOptions withSequenceMargin(long sequenceMargin) {
		return new SwitchoverOptions(this.roles, this.maxLagBytes, this.catchUpTimeout, this.verifyFirst,
				this.verifyAfterCatchUp, this.verifyOptions, sequenceMargin, this.finish, this.dropPublications,
				this.dryRun);
	}

	public SwitchoverOptions withFinish(Finish finish, boolean dropPublications) {
		return new SwitchoverOptions(this.roles, this.maxLagBytes, this.catchUpTimeout, this.verifyFirst,
				this.verifyAfterCatchUp, this.verifyOptions, this.sequenceMargin, finish, dropPublications,
				this.dryRun);
	}

	public SwitchoverOptions withDryRun(boolean dryRun) {
		return new SwitchoverOptions(this.roles, this.maxLagBytes, this.catchUpTimeout, this.verifyFirst,
				this.verifyAfterCatchUp, this.verifyOptions, this.sequenceMargin, this.finish, this.dropPublications,
				dryRun);
	}

	/** What becomes of the subscription once the subscriber took over; its tables keep their rows either way. */
	public enum Finish {

		/** {@code DROP SUBSCRIPTION}: it and its slot on the publisher are gone. */
		DROP_SUBSCRIPTION,

		/**
		 * {@code ALTER SUBSCRIPTION ... DISABLE}: kept with its slot, as a way back; the slot retains
		 * WAL on the publisher until it is dropped.
		 */
		DISABLE_SUBSCRIPTION

	}

}
