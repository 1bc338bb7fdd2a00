package io.pgrepl.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconcile holds its advisory lock on one connection and runs its plan on the same one, so an
 * application whose pool has a single connection reconciles instead of waiting for a second.
 */
class PoolOfOneTests extends ReplicationIntegrationTests {

	private static final Map<String, Object> POOL_OF_ONE = Map.of("spring.datasource.hikari.maximum-pool-size", "1",
			"spring.datasource.hikari.connection-timeout", "2000");

	@Test
	void publisherAndSubscriberAppsWithAPoolOfOneConnectionApplyTheirChanges() {
		this.publisher.execute("create table orders (id int primary key)", "insert into orders values (1)");
		Map<String, Object> publisherApp = new HashMap<>(POOL_OF_ONE);
		publisherApp.put("replication.publications.orders_pub.tables", "orders");
		Map<String, Object> subscriberApp = new HashMap<>(POOL_OF_ONE);
		subscriberApp.putAll(TestApplications.ordersSubscription(this.publisher, "postgres"));
		subscriberApp.put("replication.subscriptions.orders_sub.create-tables", "true");

		try (ConfigurableApplicationContext publishing = TestApplications.start(this.publisher, publisherApp);
				ConfigurableApplicationContext subscribing = TestApplications.start(this.subscriber, subscriberApp)) {
			this.subscriber.awaitRowCount("orders", 1);
		}

		assertThat(this.publisher.queryForLong("select count(*) from pg_publication where pubname = 'orders_pub'"))
			.isOne();
		assertThat(this.subscriber.queryForLong("select count(*) from pg_subscription where subname = 'orders_sub'"))
			.isOne();
	}

}
