/**
 * The {@code replication} Actuator endpoint: what pgrepl knows about this application's
 * replication, and operations on it.
 */
@NullMarked
package io.pgrepl.endpoint;

import org.jspecify.annotations.NullMarked;
