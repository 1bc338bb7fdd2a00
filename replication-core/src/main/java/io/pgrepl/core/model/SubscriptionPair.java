package io.pgrepl.core.model;

import javax.sql.DataSource;

/**
 * A subscription with both of its servers as this application reaches them: what the migration
 * operations (sequence sync, verification, switchover) work on.
 *
 * @param subscription the subscription name
 * @param subscriber the database that holds the subscription
 * @param publisher how this application (not the subscriber server) reaches the publisher
 * @param secrets the passwords its statements may carry
 */
public record SubscriptionPair(String subscription, DataSource subscriber, DataSource publisher, Secrets secrets) {

	public SubscriptionPair {
		Identifiers.requireValid(subscription, "subscription name");
	}

	/** Names the subscription only: the data sources may print connection details. */
	@Override
	public String toString() {
		return "SubscriptionPair[" + this.subscription + "]";
	}

}
