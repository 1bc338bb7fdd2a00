/**
 * Data verification: row counts and checksums of every published table compared between publisher
 * and subscriber, chunk by primary-key range, while replication keeps running.
 */
@NullMarked
package io.pgrepl.core.verify;

import org.jspecify.annotations.NullMarked;
