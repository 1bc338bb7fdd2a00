package io.pgrepl.test;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of tests that replicate between the two shared servers: each test gets a fresh publisher
 * database and a fresh subscriber database, dropped afterwards with their subscriptions and slots.
 */
public abstract class ReplicationIntegrationTests {

	protected TestDatabase publisher;

	protected TestDatabase subscriber;

	@BeforeEach
	void createDatabases() {
		this.publisher = PostgresServers.publisher().createDatabase();
		this.subscriber = PostgresServers.subscriber().createDatabase();
	}

	@AfterEach
	void dropDatabases() {
		this.subscriber.close();
		this.publisher.close();
	}

	/** Major version of the servers under test. */
	protected static int serverMajorVersion() {
		return PostgresServers.requestedMajorVersion();
	}

}
