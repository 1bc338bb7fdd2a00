/**
 * Auto-configuration of the {@code replication} Actuator endpoint.
 */
@NullMarked
package io.pgrepl.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
