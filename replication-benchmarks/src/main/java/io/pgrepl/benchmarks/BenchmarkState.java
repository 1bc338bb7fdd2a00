package io.pgrepl.benchmarks;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredSubscription;

/**
 * What the benchmark built: tables spread over publications, publications over subscriptions.
 *
 * @param tables table names, the same on both sides
 * @param publications publication name to its tables
 * @param subscriptions subscription name to its definition, as created
 */
record BenchmarkState(List<String> tables, Map<String, List<String>> publications,
		Map<String, SubscriptionDefinition> subscriptions) {

	/** The publisher's declared state, as the starter maps {@code replication.publications}. */
	DesiredState publisherState() {
		return new DesiredState(this.publications.entrySet()
			.stream()
			.map((entry) -> DesiredPublication.of(entry.getKey(), PublicationDefinition.forTables(entry.getValue())))
			.toList(), List.of());
	}

	/**
	 * The subscriber's declared state, as the starter maps {@code replication.subscriptions} (without
	 * {@code create-tables}, its default).
	 * @param publisher how this application reaches the publisher, per subscription name
	 */
	DesiredState subscriberState(Map<String, DataSource> publisher) {
		return new DesiredState(List.of(), this.subscriptions.entrySet()
			.stream()
			.map((entry) -> new DesiredSubscription(entry.getKey(), entry.getValue(), false,
					publisher.get(entry.getKey()), Setting.PUBLISHER_HOST))
			.toList());
	}

	List<String> publicationNames() {
		return List.copyOf(this.publications.keySet());
	}

	List<String> subscriptionNames() {
		return List.copyOf(this.subscriptions.keySet());
	}

}
