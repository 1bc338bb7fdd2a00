package io.pgrepl.core.plan;

import java.util.List;
import javax.sql.DataSource;

import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.Secrets;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SettingRef;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.model.SubscriptionPair;
import io.pgrepl.core.model.TableName;
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
 * @param publisherRoute the setting named when the publisher cannot be reached: the one through
 * which the user located it, e.g. {@link Setting#PUBLISHER_HOST}
 * @param sequences sequences that sequence sync sets besides those owned by the published tables
 * @param requirePublisher whether a reconcile fails when the publisher cannot be reached although
 * the subscription exists; when not (the default), it checks what it can without the publisher
 * and logs a warning naming what it could not check, so that a subscriber starts during a
 * publisher outage (a subscription that does not exist yet always needs its publisher)
 */
public record DesiredSubscription(String name, SubscriptionDefinition definition, boolean createTables,
		DataSource publisherDataSource, Setting publisherRoute, List<TableName> sequences, boolean requirePublisher) {

	public DesiredSubscription {
		Identifiers.requirePlain(name, "subscription name");
		if (publisherRoute.kind() != SettingRef.Kind.SUBSCRIPTION) {
			throw new IllegalArgumentException(publisherRoute + " is not a setting of a subscription");
		}
		sequences = List.copyOf(sequences);
	}

	/**
	 * A subscription with no sequences listed beyond those its published tables own, whose
	 * existing catalog entry is reconciled without its publisher when that is away.
	 */
	public DesiredSubscription(String name, SubscriptionDefinition definition, boolean createTables,
			DataSource publisherDataSource, Setting publisherRoute) {
		this(name, definition, createTables, publisherDataSource, publisherRoute, List.of(), false);
	}

	/** A subscription with these sequences listed for sequence sync. */
	public DesiredSubscription(String name, SubscriptionDefinition definition, boolean createTables,
			DataSource publisherDataSource, Setting publisherRoute, List<TableName> sequences) {
		this(name, definition, createTables, publisherDataSource, publisherRoute, sequences, false);
	}

	/** A subscription that does or does not require its publisher at reconcile. */
	public DesiredSubscription(String name, SubscriptionDefinition definition, boolean createTables,
			DataSource publisherDataSource, Setting publisherRoute, boolean requirePublisher) {
		this(name, definition, createTables, publisherDataSource, publisherRoute, List.of(), requirePublisher);
	}

	/**
	 * A subscription declared in code; the application reaches the publisher through the
	 * definition's connection string.
	 */
	public static DesiredSubscription of(String name, SubscriptionDefinition definition, boolean createTables) {
		return new DesiredSubscription(name, definition, createTables, definition.connectionString().toDataSource(),
				Setting.PUBLISHER);
	}

	/** This subscription, as messages point at it and its settings. */
	public SettingRef settingRef() {
		return SettingRef.subscription(this.name);
	}

	/** This subscription with these sequences listed for sequence sync. */
	public DesiredSubscription withSequences(List<TableName> sequences) {
		return new DesiredSubscription(this.name, this.definition, this.createTables, this.publisherDataSource,
				this.publisherRoute, sequences, this.requirePublisher);
	}

	/** The subscription with both of its servers, for sequence sync, verification and switchover. */
	public SubscriptionPair pair(DataSource subscriber) {
		return new SubscriptionPair(this.name, subscriber, this.publisherDataSource, secrets());
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
