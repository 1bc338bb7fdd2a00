package io.pgrepl.core.plan;

import java.util.List;

import io.pgrepl.core.model.Secrets;

/**
 * Everything that should exist in one database: publications it publishes and subscriptions it
 * holds. Anything the catalog has beyond this is left alone.
 *
 * @param publications the publications, in declaration order
 * @param subscriptions the subscriptions, in declaration order
 */
public record DesiredState(List<DesiredPublication> publications, List<DesiredSubscription> subscriptions) {

	public DesiredState {
		publications = List.copyOf(publications);
		subscriptions = List.copyOf(subscriptions);
	}

	/** Whether nothing is declared. */
	public boolean isEmpty() {
		return this.publications.isEmpty() && this.subscriptions.isEmpty();
	}

	/** The passwords of the subscriptions' connection strings, for sessions that run their statements. */
	public Secrets secrets() {
		return Secrets.of(this.subscriptions.stream()
			.map((subscription) -> subscription.definition().connectionString())
			.toList());
	}

	List<String> publicationNames() {
		return this.publications.stream().map(DesiredPublication::name).toList();
	}

	List<String> subscriptionNames() {
		return this.subscriptions.stream().map(DesiredSubscription::name).toList();
	}

}
