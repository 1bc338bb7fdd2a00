/**
 * Internal: the one way pgrepl talks to PostgreSQL. Not API; may change in any release.
 */
@NullMarked
package io.pgrepl.core.internal.jdbc;

import org.jspecify.annotations.NullMarked;
