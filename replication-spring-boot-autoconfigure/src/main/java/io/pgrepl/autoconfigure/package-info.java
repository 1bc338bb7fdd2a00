/**
 * Auto-configuration for pgrepl: {@code replication.*} properties, the startup reconcile that
 * runs before JPA and JDBC users, and failure analysis of configurations that cannot be carried out.
 */
@NullMarked
package io.pgrepl.autoconfigure;

import org.jspecify.annotations.NullMarked;
