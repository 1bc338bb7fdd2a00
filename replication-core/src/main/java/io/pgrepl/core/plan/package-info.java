/**
 * Declarative reconcile: a {@link io.pgrepl.core.plan.DesiredState} (what should exist), one
 * {@link io.pgrepl.core.plan.CatalogSnapshot} (what exists), a pure
 * {@link io.pgrepl.core.plan.Planner#plan} between the two, and a
 * {@link io.pgrepl.core.plan.Reconciler} that validates, plans and applies under a lock.
 */
@NullMarked
package io.pgrepl.core.plan;

import org.jspecify.annotations.NullMarked;
