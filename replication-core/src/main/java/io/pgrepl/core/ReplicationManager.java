package io.pgrepl.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

import io.pgrepl.core.jdbc.PgSession;
import org.jspecify.annotations.Nullable;

/**
 * One call per job: set up a publisher or a subscriber after checking the server is ready, and
 * check the health of either side.
 */
public final class ReplicationManager {

	private ReplicationManager() {
	}

	/**
	 * Creates the publication for these tables after checking that the publisher can do logical
	 * replication ({@code wal_level = logical}). An existing publication of that name gets the
	 * tables it lacks.
	 * @param publisher the publisher database
	 * @param publicationName the publication
	 * @param tables names, classes or {@link TableName}s
	 * @return the publication
	 * @throws PreflightException when the server is not ready, before anything is created
	 */
	public static Publication setupPublisher(DataSource publisher, String publicationName, Object... tables) {
		return setupPublisher(publisher, publicationName, PublicationDefinition.forTables(Arrays.asList(tables)));
	}

	public static Publication setupPublisher(DataSource publisher, String publicationName,
			PublicationDefinition definition) {
		Publication publication = new Publication(publisher, publicationName);
		try (PgSession session = PgSession.open(publisher, "publisher")) {
			Preflight.requireLogicalWalLevel(session);
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
	 * @throws SchemaMismatchException when an existing table lacks published columns
	 */
	public static Subscription setupSubscriber(DataSource subscriber, String subscriptionName,
			SubscriptionDefinition definition, Collection<?> tables, boolean createTables,
			@Nullable DataSource publisherDataSource) {
		Subscription subscription = new Subscription(subscriber, subscriptionName)
			.withPublisherDataSource(publisherDataSource);
		List<TableName> tableNames = TableName.allOf(tables);
		if (createTables) {
			DataSource publisher = (publisherDataSource != null) ? publisherDataSource
					: definition.connectionString().toDataSource();
			try (PgSession publisherSession = PgSession.open(publisher, "publisher");
					PgSession subscriberSession = PgSession.open(subscriber, "subscriber")) {
				publisherSession.redact(definition.connectionString().password());
				SubscriberTables.compare(publisherSession, subscriberSession, definition.publications(), tableNames)
					.requireCompatible()
					.createMissing(subscriberSession);
			}
		}
		if (!subscription.exists()) {
			subscription.create(definition);
		}
		return subscription;
	}

}
