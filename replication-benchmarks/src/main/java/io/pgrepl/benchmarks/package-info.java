/**
 * Measures pgrepl's health checks and reconcile against baselines taken in the same run, on two
 * real PostgreSQL servers, and writes the figures to {@code docs/benchmarks.md}. Run by the
 * {@code benchmarks} Maven profile, never by {@code ./mvnw verify}.
 */
@NullMarked
package io.pgrepl.benchmarks;

import org.jspecify.annotations.NullMarked;
