/**
 * Sequence sync: logical replication does not carry sequences (before PostgreSQL 19), so before the
 * subscriber takes writes its sequences are set to the publisher's values.
 */
@NullMarked
package io.pgrepl.core.sequence;

import org.jspecify.annotations.NullMarked;
