/**
 * Auto-configuration of the replication meters.
 */
@NullMarked
package io.pgrepl.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
