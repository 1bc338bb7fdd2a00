package io.pgrepl.autoconfigure;

import io.pgrepl.core.model.Identifiers;
import io.pgrepl.test.PostgresServers;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A login role with a password on the shared publisher, for one test class: the harness requires
 * scram passwords of every role but {@code postgres}, so this is what a publisher that requires a
 * password looks like. The role may also stream replication.
 */
final class PublisherRole implements BeforeAllCallback, AfterAllCallback {

	private final String name;

	private final String password;

	PublisherRole(String name, String password) {
		this.name = name;
		this.password = password;
	}

	String name() {
		return this.name;
	}

	String password() {
		return this.password;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		PostgresServers.publisher()
			.executeAsSuperuser("postgres", "CREATE ROLE " + Identifiers.quote(this.name) + " LOGIN REPLICATION PASSWORD "
					+ Identifiers.literal(this.password));
	}

	@Override
	public void afterAll(ExtensionContext context) {
		PostgresServers.publisher().executeAsSuperuser("postgres", "DROP ROLE " + Identifiers.quote(this.name));
	}

}
