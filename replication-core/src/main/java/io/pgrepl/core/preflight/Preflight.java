package io.pgrepl.core.preflight;

import java.util.List;
import javax.sql.DataSource;

import io.pgrepl.core.internal.catalog.ServerSettingsCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.model.SubscriptionDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that a server can take part in logical replication, before anything is changed:
 * {@code wal_level}, role attributes, capacity and replica identities. Each {@code check…} returns
 * a {@link PreflightReport}; each {@code require…} logs its warnings and throws
 * {@link PreflightException} on problems. Every check is two or three queries, whatever the number
 * of tables. {@link ReplicationManager}'s setup methods run them first.
 */
public final class Preflight {

	private static final Logger logger = LoggerFactory.getLogger("io.pgrepl");

	private Preflight() {
	}

	/**
	 * Whether the publisher can publish this definition: {@code wal_level = logical}, slots and
	 * walsenders possible, a replica identity on every table published for UPDATE or DELETE; a
	 * role without REPLICATION is a warning.
	 */
	public static PreflightReport checkPublisher(DataSource publisher, PublicationDefinition definition) {
		try (PgSession session = PgSession.open(publisher, Side.PUBLISHER)) {
			return checkPublisher(session, definition);
		}
	}

	public static PreflightReport checkPublisher(PgSession session, PublicationDefinition definition) {
		return PublisherPreflight.check(session, definition);
	}

	/** The same as {@link #checkPublisher(DataSource, PublicationDefinition)}, failing on problems. */
	public static void requirePublisher(DataSource publisher, PublicationDefinition definition) {
		require(checkPublisher(publisher, definition));
	}

	/**
	 * Whether the subscriber's role may create a subscription (superuser; on 16+ also
	 * {@code pg_create_subscription} with CREATE on the database) and there is room for its apply
	 * worker ({@code max_logical_replication_workers}) and replication origin
	 * ({@code max_replication_slots}, on 18 {@code max_active_replication_origins}).
	 */
	public static PreflightReport checkSubscriber(DataSource subscriber) {
		try (PgSession session = PgSession.open(subscriber, Side.SUBSCRIBER)) {
			return checkSubscriber(session);
		}
	}

	public static PreflightReport checkSubscriber(PgSession session) {
		return SubscriberPreflight.check(session);
	}

	/** The same as {@link #checkSubscriber(DataSource)}, failing on problems. */
	public static void requireSubscriber(DataSource subscriber) {
		require(checkSubscriber(subscriber));
	}

	/**
	 * Whether the publisher can serve this new subscription: {@code wal_level = logical}, the
	 * connection string's role exists with REPLICATION or superuser, a walsender is free and, when
	 * the subscription creates its slot, a slot is free.
	 * @param publisher a session on the publisher database
	 */
	public static PreflightReport checkPublisherForSubscription(PgSession publisher,
			SubscriptionDefinition definition) {
		return PublisherPreflight.checkForSubscription(publisher, definition, 0, 0);
	}

	/**
	 * The same, counting the initial copy: each table-sync worker (up to the subscriber's
	 * {@code max_sync_workers_per_subscription} at once) needs a slot and a walsender on the
	 * publisher too. Refuses what cannot work (no room for a single copy), warns about what would
	 * run in turn.
	 * @param tablesToCopy the tables the initial copy covers (0 without copy_data)
	 * @param maxSyncWorkers the subscriber's {@code max_sync_workers_per_subscription}
	 */
	public static PreflightReport checkPublisherForSubscription(PgSession publisher,
			SubscriptionDefinition definition, int tablesToCopy, int maxSyncWorkers) {
		return PublisherPreflight.checkForSubscription(publisher, definition, tablesToCopy, maxSyncWorkers);
	}

	/** Fails unless {@code wal_level = logical}, with what to change. */
	public static void requireLogicalWalLevel(PgSession session) {
		String problem = ServerSettingsCatalog.read(session, null).walLevelProblem(session.side());
		if (problem != null) {
			throw new PreflightException(session.side(), List.of(problem));
		}
	}

	/**
	 * Logs the report's warnings and fails on its problems.
	 * @throws PreflightException listing every problem
	 */
	public static PreflightReport require(PreflightReport report) {
		for (String warning : report.warnings()) {
			logger.warn("pgrepl [{}]: {}", report.server(), warning);
		}
		return report.requireReady();
	}

}
