package io.pgrepl.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.pgrepl.core.SyncTimeoutException;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code replication.subscriptions.*.await-sync}: startup returns once every table is ready, or
 * fails after the timeout naming the tables that are not and their states.
 */
class AwaitSyncTests extends ReplicationIntegrationTests {

	@Test
	void startupReturnsOnlyOnceEveryTableIsReady() {
		this.publisher.execute("create table orders (id int primary key, item text)",
				"create table customers (id int primary key)",
				"insert into orders select g, 'x' from generate_series(1, 20000) g",
				"insert into customers select generate_series(1, 100)",
				"create publication orders_pub for table orders, customers");
		Map<String, Object> properties = properties("60s");
		properties.put("replication.subscriptions.orders_sub.create-tables", "true");

		try (ConfigurableApplicationContext app = TestApplications.start(this.subscriber, properties)) {
			assertThat(this.subscriber.queryForObject("select count(*) from pg_subscription_rel where srsubstate <> 'r'"))
				.isEqualTo(0L);
			assertThat(this.subscriber.rowCount("orders")).isEqualTo(20000);
			assertThat(this.subscriber.rowCount("customers")).isEqualTo(100);
		}
	}

	@Test
	void startupFailsAfterTheTimeoutNamingTheTablesNotReady() {
		this.publisher.execute("create table orders (id int primary key)", "insert into orders values (1)",
				"create publication orders_pub for table orders");
		// The subscriber already has row 1, so the copy fails on its primary key, again and again.
		this.subscriber.execute("create table orders (id int primary key)", "insert into orders values (1)");

		assertThatThrownBy(() -> TestApplications.start(this.subscriber, properties("3s")).close())
			.hasRootCauseInstanceOf(SyncTimeoutException.class)
			.rootCause()
			.hasMessageStartingWith("subscription 'orders_sub' did not finish its initial sync within PT3S: "
					+ "1 tables are not ready: public.orders (");
	}

	private Map<String, Object> properties(String awaitSync) {
		Map<String, Object> properties = new LinkedHashMap<>(
				TestApplications.ordersSubscription(this.publisher, "postgres"));
		properties.put("replication.subscriptions.orders_sub.await-sync", awaitSync);
		return properties;
	}

}
