package io.pgrepl.core.plan;

import javax.sql.DataSource;

import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.Secrets;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.subscription.Subscription;

/**
 * A subscription that should exist in the managed database.
 *
 * @param name the subscription name, a plain identifier
 * @param definition what {@code CREATE SUBSCRIPTION} gets; its options are also what an existing
 * subscription is altered to, where PostgreSQL can alter them
 * @param createTables whether tables the publisher publishes and this database lacks are created
 * from the publisher's definitions
 * @param publisherDataSource how this application (not the subscriber server) reaches the
 * publisher: to read its catalog and, in the same cluster, to create the slot
 * @param property where it was declared, named in messages (e.g.
 * {@code replication.subscriptions.analytics_sub})
 * @param publisherProperty the setting named when the publisher cannot be reached (e.g.
 * {@code replication.subscriptions.analytics_sub.publisher.host})
 */
public record DesiredSubscription(String name, SubscriptionDefinition definition, boolean createTables,
		DataSource publisherDataSource, String property, String publisherProperty) {

	public DesiredSubscription {
		Identifiers.requirePlain(name, property);
	}

	/**
	 * A subscription declared in code; the application reaches the publisher through the
	 * definition's connection string.
	 */
	public static DesiredSubscription of(String name, SubscriptionDefinition definition, boolean createTables) {
		String property = "subscriptions." + name;
		return new DesiredSubscription(name, definition, createTables, definition.connectionString().toDataSource(),
				property, property + ".publisher");
	}

	/** The core API object for this subscription in the given subscriber database. */
	public Subscription subscription(DataSource subscriber) {
		return new Subscription(subscriber, this.name).withPublisherDataSource(this.publisherDataSource);
	}

	/** The password of its connection string, for sessions that handle it. */
	public Secrets secrets() {
		return Secrets.of(this.definition.connectionString());
	}

	/** The slot the subscription uses on the publisher. */
	public String slotName() {
		return this.definition.slotNameOr(this.name);
	}

	/** Names the subscription only: the data source may print connection details. */
	@Override
	public String toString() {
		return "DesiredSubscription[" + this.name + ", " + this.definition + "]";
	}

}
