/**
 * What a user declares and the values pgrepl speaks in: table names, connection info, PostgreSQL versions and features, publication and subscription definitions, and the exception hierarchy. Depends on nothing else in pgrepl.
 */
@NullMarked
package io.pgrepl.core.model;

import org.jspecify.annotations.NullMarked;
