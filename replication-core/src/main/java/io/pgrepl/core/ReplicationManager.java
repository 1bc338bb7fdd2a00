package io.pgrepl.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

import io.pgrepl.core.health.HealthThresholds;
import io.pgrepl.core.health.PublisherHealth;
import io.pgrepl.core.health.PublisherHealthCheck;
import io.pgrepl.core.health.ReplicationLag;
import io.pgrepl.core.health.SubscriberHealthCheck;
import io.pgrepl.core.health.SubscriptionHealth;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.Secrets;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.preflight.Preflight;
import io.pgrepl.core.publication.Publication;
import io.pgrepl.core.schema.SubscriberTables;
import io.pgrepl.core.status.TableSyncStatus;
import io.pgrepl.core.subscription.Subscription;
import org.jspecify.annotations.Nullable;

/**
 * One call per job: set up a publisher or a subscriber after checking the server is ready, and
 * check the health of either side. The static facade kept for parity with the reference API; it
 * adapts its arguments to the core's classes. To declare what a database should hold and reconcile
 * it, use {@link Replication}.
 */
public final class ReplicationManager {

	private ReplicationManager() {
	}

	/**
	 * Creates the publication for these tables, publishing all operations, after checking that the
	 * publisher is ready (see {@link #setupPublisher(DataSource, String, PublicationDefinition)}).
	 * An existing publication of that name gets the tables it lacks.
	 * @param publisher the publisher database
	 * @param publicationName the publication
	 * @param tables names, classes or {@link TableName}s
	 * @return the publication
	 * @throws PreflightException when the server is not ready, before anything is created
	 */
	public static Publication setupPublisher(DataSource publisher, String publicationName, Object... tables) {
		return setupPublisher(publisher, publicationName, PublicationDefinition.forTables(Arrays.asList(tables)));
	}

	/**
	 * Creates the publication, or adds the definition's tables to an existing one, after the
	 * publisher's preflight ({@link Preflight#checkPublisher(DataSource, PublicationDefinition)}):
	 * {@code wal_level = logical}, slots and walsenders possible, and a replica identity on every
	 * table published for UPDATE or DELETE (without one, UPDATE and DELETE on it would fail).
	 * @throws PreflightException when the server is not ready, before anything is created
	 */
	public static Publication setupPublisher(DataSource publisher, String publicationName,
			PublicationDefinition definition) {
		Publication publication = new Publication(publisher, publicationName);
		try (PgSession session = PgSession.open(publisher, Side.PUBLISHER)) {
			Preflight.require(Preflight.checkPublisher(session, definition));
		}
		if (publication.exists()) {
			publication.addTables(definition.tables().toArray());
		}
		else {
			publication.create(definition);
		}
		return publication;
	}

	/**
	 * Subscribes to a publication, creating the missing tables first when asked.
	 * @param subscriber the subscriber database
	 * @param subscriptionName the subscription
	 * @param publisherConnectionString how the subscriber server reaches the publisher
	 * @param publicationName the publication
	 * @param tables the tables to create when missing; empty means all the publication publishes
	 * @param createTables whether to create missing tables from the publisher's definitions
	 * @return the subscription
	 */
	public static Subscription setupSubscriber(DataSource subscriber, String subscriptionName,
			String publisherConnectionString, String publicationName, Collection<?> tables, boolean createTables) {
		return setupSubscriber(subscriber, subscriptionName,
				SubscriptionDefinition.builder(publisherConnectionString, publicationName).build(), tables, createTables,
				null);
	}

	/**
	 * Subscribes with a full definition. With {@code createTables}, the publisher's definitions are
	 * read (through {@code publisherDataSource}, or else the definition's connection string), an
	 * existing table lacking published columns fails the call, and the missing tables are created in
	 * one transaction, all before the subscription is created. An existing subscription of that name
	 * is left as it is.
	 *
	 * <p>
	 * A new subscription is preceded by the subscriber's preflight
	 * ({@link Preflight#checkSubscriber(DataSource)}: role, worker and origin capacity) and, when
	 * pgrepl reaches the publisher anyway ({@code publisherDataSource} given or {@code createTables}),
	 * the publisher's ({@link Preflight#checkPublisherForSubscription}: {@code wal_level}, the
	 * connection role's REPLICATION, a free walsender and slot).
	 * @throws PreflightException when a server is not ready, before anything is created
	 * @throws SchemaMismatchException when an existing table lacks published columns
	 * @throws io.pgrepl.core.schema.SchemaNotReproducibleException when a table to create needs a
	 * type pgrepl cannot create here (an extension not available, a domain calling a function)
	 */
	public static Subscription setupSubscriber(DataSource subscriber, String subscriptionName,
			SubscriptionDefinition definition, Collection<?> tables, boolean createTables,
			@Nullable DataSource publisherDataSource) {
		Subscription subscription = new Subscription(subscriber, subscriptionName)
			.withPublisherDataSource(publisherDataSource);
		List<TableName> tableNames = TableName.allOf(tables);
		DataSource publisher = (publisherDataSource != null) ? publisherDataSource
				: createTables ? definition.connectionString().toDataSource() : null;
		boolean creating = !subscription.exists();
		if (creating) {
			requireReadyForSubscription(subscriber, definition, publisher);
		}
		if (createTables) {
			try (PgSession publisherSession = PgSession.open(publisher, Side.PUBLISHER,
					Secrets.of(definition.connectionString()));
					PgSession subscriberSession = PgSession.open(subscriber, Side.SUBSCRIBER)) {
				SubscriberTables.compare(publisherSession, subscriberSession, definition.publications(), tableNames)
					.requireCompatible()
					.requireCreatable()
					.createMissing(subscriberSession);
			}
		}
		if (creating) {
			subscription.create(definition);
		}
		return subscription;
	}

	private static void requireReadyForSubscription(DataSource subscriber, SubscriptionDefinition definition,
			@Nullable DataSource publisher) {
		try (PgSession session = PgSession.open(subscriber, Side.SUBSCRIBER)) {
			Preflight.require(Preflight.checkSubscriber(session));
		}
		if (publisher != null) {
			try (PgSession session = PgSession.open(publisher, Side.PUBLISHER, Secrets.of(definition.connectionString()))) {
				Preflight.require(Preflight.checkPublisherForSubscription(session, definition));
			}
		}
	}

	/**
	 * The health of a publisher database with the default thresholds, judging every publication
	 * there is. See {@link #healthCheckPublisher(DataSource, HealthThresholds, Collection)}.
	 */
	public static PublisherHealth healthCheckPublisher(DataSource publisher) {
		return healthCheckPublisher(publisher, HealthThresholds.DEFAULTS);
	}

	/** The health of a publisher database, judging every publication there is. */
	public static PublisherHealth healthCheckPublisher(DataSource publisher, HealthThresholds thresholds) {
		return healthCheckPublisher(publisher, thresholds, List.of());
	}

	/**
	 * The health of a publisher database: {@code wal_level}, slot and walsender capacity, the
	 * declared publications (a missing one is an issue) with their tables, tables they publish for
	 * UPDATE or DELETE without a usable replica identity (issues), and every logical slot of the
	 * database: lost (issue), retained WAL and lag against the thresholds, inactive while
	 * retaining WAL (warning). Six queries, whatever the number of tables and slots.
	 * @param publisher the publisher database
	 * @param thresholds where warnings and issues start
	 * @param publications the declared publication names; empty judges every publication there is
	 */
	public static PublisherHealth healthCheckPublisher(DataSource publisher, HealthThresholds thresholds,
			Collection<String> publications) {
		return PublisherHealthCheck.check(publisher, thresholds, List.copyOf(publications));
	}

	/**
	 * Per logical slot of the publisher's database: write, flush and replay lag and lag in bytes.
	 * A caught-up idle subscriber reads as zero, a stalled one as growing bytes. Two queries
	 * (version, slots), whatever the number of slots.
	 */
	public static List<ReplicationLag> getReplicationLag(DataSource publisher) {
		return PublisherHealthCheck.lag(publisher);
	}

	/**
	 * The health of a subscription with the default thresholds, without measuring lag on the
	 * publisher; a subscription that does not exist is an issue, not an exception. See
	 * {@link #healthCheckSubscriber(DataSource, String, HealthThresholds, DataSource, boolean)}.
	 */
	public static SubscriptionHealth healthCheckSubscriber(DataSource subscriber, String subscriptionName) {
		return healthCheckSubscriber(subscriber, subscriptionName, HealthThresholds.DEFAULTS, null);
	}

	/**
	 * The health of a subscription that should be enabled, with lag measured on the publisher when
	 * a publisher {@code DataSource} is given.
	 */
	public static SubscriptionHealth healthCheckSubscriber(DataSource subscriber, String subscriptionName,
			HealthThresholds thresholds, @Nullable DataSource publisher) {
		return healthCheckSubscriber(subscriber, subscriptionName, thresholds, publisher, true);
	}

	/**
	 * The health of a subscription: whether it exists, is enabled and its apply worker runs; its
	 * tables per sync state and those stuck copying; error counters (15+) and conflict counters
	 * (18+); the worker's last message times; and, given the publisher, lag in bytes and time
	 * against the publisher's current LSN, whether its slot is lost, and the published columns its
	 * tables lack. Four queries on the subscriber and two on the publisher, after one reading of
	 * each server's version, whatever the number of tables.
	 * @param subscriber the subscriber database
	 * @param subscriptionName the subscription
	 * @param thresholds where warnings and issues start
	 * @param publisher the publisher database, reachable from this application, or {@code null}
	 * @param expectEnabled whether the subscription should be enabled; when {@code false} a
	 * disabled subscription is no issue and its lag only a warning
	 */
	public static SubscriptionHealth healthCheckSubscriber(DataSource subscriber, String subscriptionName,
			HealthThresholds thresholds, @Nullable DataSource publisher, boolean expectEnabled) {
		return SubscriberHealthCheck.check(subscriber, subscriptionName, thresholds, publisher, expectEnabled);
	}

	/**
	 * Every table of every subscription of the subscriber's database with its sync state
	 * ({@code i} init, {@code d} copying, {@code f} finished copy, {@code s} synchronized,
	 * {@code r} ready) and LSN. One query, whatever the number of tables.
	 */
	public static List<TableSyncStatus> getSubscriptionStatus(DataSource subscriber) {
		return SubscriberHealthCheck.status(subscriber);
	}

}
