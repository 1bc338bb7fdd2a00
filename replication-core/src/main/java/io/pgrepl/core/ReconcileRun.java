package io.pgrepl.core;

import java.time.Duration;
import java.time.Instant;

import io.pgrepl.core.plan.Plan;

/**
 * One {@link Replication#apply()} that finished: when it started, how long it took and the plan
 * it ran.
 *
 * @param startedAt when it started
 * @param duration how long it took, waiting for the lock included
 * @param plan what it ran
 */
public record ReconcileRun(Instant startedAt, Duration duration, Plan plan) {

	/** How many statements it ran, on both sides. */
	public int statements() {
		return this.plan.actions().stream().mapToInt((action) -> action.statements().size()).sum();
	}

}
