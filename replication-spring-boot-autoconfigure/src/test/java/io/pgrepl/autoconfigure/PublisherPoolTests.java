package io.pgrepl.autoconfigure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.pgrepl.core.Replication;
import io.pgrepl.test.ReplicationIntegrationTests;
import io.pgrepl.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscriptions to the same publisher share one small pool: health checks open no connection once
 * it is warm, and closing the application leaves no backend behind on the publisher.
 */
class PublisherPoolTests extends ReplicationIntegrationTests {

	@Test
	void subscriptionsToOnePublisherShareAPoolThatHealthChecksReuseAndShutdownCloses() {
		this.publisher.execute("create table orders (id int primary key)", "create table customers (id int primary key)",
				"create publication orders_pub for table orders", "create publication customers_pub for table customers");
		Map<String, Object> properties = new HashMap<>(TestApplications.ordersSubscription(this.publisher, "postgres"));
		properties.putAll(subscription("customers_sub", "customers_pub"));
		properties.put("replication.subscriptions.orders_sub.create-tables", "true");
		properties.put("replication.subscriptions.customers_sub.create-tables", "true");
		// every call a real check: what is counted is the connections of checks, not of cache hits
		properties.put("replication.health.cache", "0s");

		try (ConfigurableApplicationContext context = TestApplications.start(this.subscriber, properties)) {
			assertThat(context.getBean(PublisherPools.class).pools()).hasSize(1);
			Replication replication = context.getBean(Replication.class);
			TestDatabase.await(() -> replication.subscriptionHealth("orders_sub").healthy()
					&& replication.subscriptionHealth("customers_sub").healthy(), "both subscriptions healthy");
			Set<String> warm = backends(this.publisher);
			assertThat(warm).hasSizeBetween(1, PublisherPools.MAXIMUM_POOL_SIZE);

			for (int i = 0; i < 5; i++) {
				assertThat(replication.subscriptionHealth("orders_sub").healthy()).isTrue();
				assertThat(replication.subscriptionHealth("customers_sub").healthy()).isTrue();
			}

			assertThat(backends(this.publisher)).as("no new publisher connection per health check").isEqualTo(warm);
		}
		TestDatabase.await(() -> backends(this.publisher).isEmpty(), "the publisher pool's backends to end");
	}

	private Map<String, Object> subscription(String name, String publication) {
		Map<String, Object> properties = new HashMap<>();
		TestApplications.ordersSubscription(this.publisher, "postgres")
			.forEach((key, value) -> properties.put(key.replace("orders_sub", name), value));
		properties.put("replication.subscriptions." + name + ".publications", publication);
		return properties;
	}

	/** pgrepl's connections to the publisher database, each as pid and start time: a new one is a new connection. */
	static Set<String> backends(TestDatabase database) {
		List<Map<String, Object>> rows = database.queryForList("select pid, backend_start::text as started "
				+ "from pg_stat_activity where application_name = 'pgrepl' and datname = '" + database.name() + "'");
		return rows.stream().map((row) -> row.get("pid") + "@" + row.get("started")).collect(Collectors.toSet());
	}

}
