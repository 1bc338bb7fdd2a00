/**
 * Health of logical replication as PostgreSQL reports it: publisher slots and lag, subscription
 * workers, per-table sync states, error counters, each check in a constant number of queries.
 * Entry points are the static {@code healthCheck*} and {@code get*} methods of
 * {@link io.pgrepl.core.Replication}; the types here are their results.
 */
@NullMarked
package io.pgrepl.core.health;

import org.jspecify.annotations.NullMarked;
