/**
 * pgrepl's entry points: {@link io.pgrepl.core.Replication}, one object per managed database, and
 * {@link io.pgrepl.core.ReplicationManager}, the static facade kept for parity with the reference
 * API. No Spring.
 */
@NullMarked
package io.pgrepl.core;

import org.jspecify.annotations.NullMarked;
