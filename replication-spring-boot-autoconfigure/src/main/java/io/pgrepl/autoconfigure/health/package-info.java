/**
 * Actuator health for replication: the {@code replication} contributor with its
 * {@code publisher} and {@code subscriptions/<name>} children, built on core's health checks.
 */
@NullMarked
package io.pgrepl.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
