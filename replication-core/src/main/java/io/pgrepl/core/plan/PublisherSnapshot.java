package io.pgrepl.core.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pgrepl.core.model.TableName;
import io.pgrepl.core.preflight.PreflightReport;
import io.pgrepl.core.schema.SubscriberTables;
import org.jspecify.annotations.Nullable;

/**
 * The publisher of one subscription, as the application sees it.
 *
 * @param failure why it could not be reached (password masked), or {@code null}
 * @param sqlState the SQLSTATE of that failure, if any
 * @param walLevelProblem why it cannot publish ({@code wal_level}), or {@code null}
 * @param publications those of the subscription's publications that exist there
 * @param publishedTables every table those publications publish
 * @param tables the published tables compared with the subscriber's
 * @param preflight whether the publisher can serve a new subscription (connection role,
 * walsenders, slots), read only when the subscription does not exist yet, else {@code null}
 * @param sameCluster whether the publisher is a database of the managed database's cluster, so
 * that the slot must be created before {@code CREATE SUBSCRIPTION}; read only when the
 * subscription does not exist yet and is to create its slot, else {@code false}
 * @param lacksHeartbeatTable whether the publications publish pgrepl's heartbeat table and the
 * managed database lacks it (it is left out of {@code tables}: pgrepl creates its own table,
 * whether or not the subscription creates tables)
 */
public record PublisherSnapshot(@Nullable String failure, @Nullable String sqlState, @Nullable String walLevelProblem,
		Set<String> publications, List<TableName> publishedTables, SubscriberTables tables,
		@Nullable PreflightReport preflight, boolean sameCluster, boolean lacksHeartbeatTable) {

	public PublisherSnapshot {
		publications = Set.copyOf(publications);
		publishedTables = List.copyOf(publishedTables);
	}

	/** A publisher that publishes no heartbeat table this database lacks. */
	public PublisherSnapshot(@Nullable String failure, @Nullable String sqlState, @Nullable String walLevelProblem,
			Set<String> publications, List<TableName> publishedTables, SubscriberTables tables,
			@Nullable PreflightReport preflight, boolean sameCluster) {
		this(failure, sqlState, walLevelProblem, publications, publishedTables, tables, preflight, sameCluster, false);
	}

	/** A publisher the application could not connect to. */
	public static PublisherSnapshot unreachable(String failure, @Nullable String sqlState) {
		return new PublisherSnapshot(failure, sqlState, null, Set.of(), List.of(),
				new SubscriberTables(List.of(), Map.of()), null, false);
	}

	public boolean reachable() {
		return this.failure == null;
	}

}
