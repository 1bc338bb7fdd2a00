/**
 * The one way pgrepl talks to PostgreSQL: {@link io.pgrepl.core.jdbc.PgSession}.
 */
@NullMarked
package io.pgrepl.core.jdbc;

import org.jspecify.annotations.NullMarked;
