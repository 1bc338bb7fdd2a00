/**
 * Micrometer meters for logical replication: they adapt the core's {@code ReplicationSnapshot}
 * (the readings health makes) to gauges and counters, one reading shared by every meter per
 * refresh window.
 */
@NullMarked
package io.pgrepl.metrics;

import org.jspecify.annotations.NullMarked;
