/**
 * Checks that a server can take part in logical replication before anything is created.
 */
@NullMarked
package io.pgrepl.core.preflight;

import org.jspecify.annotations.NullMarked;
