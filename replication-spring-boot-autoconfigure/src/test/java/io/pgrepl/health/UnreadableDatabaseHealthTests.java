package io.pgrepl.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import javax.sql.DataSource;

import io.pgrepl.core.Replication;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredSubscription;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

/**
 * A database that cannot be read is DOWN with pgrepl's own message as the single issue, the
 * password masked, and no exception detail of the Actuator's.
 */
class UnreadableDatabaseHealthTests {

	private static final String PASSWORD = "Unreadable-Pw-51c2";

	private final ConnInfo nowhere = ConnInfo
		.parse("host=127.0.0.1 port=" + closedPort() + " dbname=app user=app password=" + PASSWORD);

	private final DataSource unreachable = this.nowhere.toDataSource();

	@Test
	void anUnreadablePublisherIsDownWithOneIssue() {
		Replication replication = Replication.configure(this.unreachable)
			.desiredState(new DesiredState(
					List.of(DesiredPublication.of("orders_pub", PublicationDefinition.forTables("orders"))), List.of()))
			.load();

		Health health = new PublisherHealthIndicator(replication).health();

		assertUnreadable(health, "Cannot check the publisher: ");
	}

	@Test
	void anUnreadableSubscriberIsDownWithOneIssue() {
		SubscriptionDefinition definition = SubscriptionDefinition.builder(this.nowhere, "orders_pub").build();
		Replication replication = Replication.configure(this.unreachable)
			.desiredState(new DesiredState(List.of(), List.of(DesiredSubscription.of("orders_sub", definition, false))))
			.load();

		Health health = new SubscriptionHealthIndicator(replication, "orders_sub").health();

		assertUnreadable(health, "Cannot check the subscriber: ");
	}

	private static void assertUnreadable(Health health, String prefix) {
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsOnlyKeys("issues", "warnings");
		assertThat(health.getDetails().get("issues")).asInstanceOf(LIST)
			.singleElement()
			.asString()
			.startsWith(prefix)
			.doesNotContain(PASSWORD);
		assertThat(health.getDetails().get("warnings")).asInstanceOf(LIST).isEmpty();
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
