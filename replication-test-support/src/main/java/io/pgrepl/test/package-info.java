/**
 * Real PostgreSQL servers for tests and the demo: embedded binaries started once per JVM with
 * {@code wal_level=logical}, or Testcontainers when Docker is available.
 */
@NullMarked
package io.pgrepl.test;

import org.jspecify.annotations.NullMarked;
