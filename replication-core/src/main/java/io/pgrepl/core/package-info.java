/**
 * Plain Java API for PostgreSQL logical replication: {@link io.pgrepl.core.Publication},
 * {@link io.pgrepl.core.Subscription} and {@link io.pgrepl.core.ReplicationManager}. No Spring.
 */
@NullMarked
package io.pgrepl.core;

import org.jspecify.annotations.NullMarked;
