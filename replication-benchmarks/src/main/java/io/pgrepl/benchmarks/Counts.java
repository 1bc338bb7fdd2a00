package io.pgrepl.benchmarks;

import org.jspecify.annotations.Nullable;

/**
 * What one call costs the servers, averaged over the counting pass.
 *
 * @param subscriberStatements statements executed on the subscriber (counting wrapper), or {@code null}
 * when the calls do not go through the wrappers
 * @param publisherStatements statements executed on the publisher (counting wrapper), or {@code null}
 * @param subscriberServerStatements statements the subscriber counted ({@code pg_stat_statements}), or
 * {@code null} when it cannot count
 * @param publisherServerStatements statements the publisher counted, or {@code null}
 * @param subscriberConnections physical connections opened to the subscriber
 * @param publisherConnections physical connections opened to the publisher
 * @param subscriberServerMillis time the subscriber spent planning and executing them
 * ({@code pg_stat_statements}), or {@code null} when it cannot count
 * @param publisherServerMillis the same on the publisher
 */
record Counts(@Nullable Double subscriberStatements, @Nullable Double publisherStatements,
		@Nullable Double subscriberServerStatements, @Nullable Double publisherServerStatements,
		double subscriberConnections, double publisherConnections, @Nullable Double subscriberServerMillis,
		@Nullable Double publisherServerMillis) {
}
