package io.pgrepl.core.plan;

import java.util.List;

import io.pgrepl.core.model.Secrets;
import io.pgrepl.core.model.SettingNames;

/**
 * Everything that should exist in one database: publications it publishes and subscriptions it
 * holds. Anything the catalog has beyond this is left alone.
 *
 * @param publications the publications, in declaration order
 * @param subscriptions the subscriptions, in declaration order
 * @param settingNames what the settings are called where they were declared, for messages and
 * logged warnings
 */
public record DesiredState(List<DesiredPublication> publications, List<DesiredSubscription> subscriptions,
		SettingNames settingNames) {

	public DesiredState {
		publications = List.copyOf(publications);
		subscriptions = List.copyOf(subscriptions);
	}

	/** A desired state declared in code: messages name settings in the core's words. */
	public DesiredState(List<DesiredPublication> publications, List<DesiredSubscription> subscriptions) {
		this(publications, subscriptions, SettingNames.CORE);
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
