package io.pgrepl.benchmarks;

/**
 * The figures of one call of a group.
 *
 * @param name the call
 * @param baseline whether it is the group's baseline
 * @param p50Millis median time of one call
 * @param p99Millis 99th percentile (nearest rank: with fewer than 100 rounds, the slowest round)
 * @param ratio p50 divided by the baseline's p50
 * @param counts statements and new connections per call
 */
record Result(String name, boolean baseline, double p50Millis, double p99Millis, double ratio, Counts counts) {
}
