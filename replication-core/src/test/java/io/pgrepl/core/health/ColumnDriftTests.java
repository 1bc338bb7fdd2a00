package io.pgrepl.core.health;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pgrepl.core.internal.catalog.SubscribedColumnsCatalog.SubscribedTable;
import io.pgrepl.core.model.TableName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The drift rule on records, without a server. */
class ColumnDriftTests {

	private static final TableName ORDERS = new TableName("public", "orders");

	private static final TableName ITEMS = new TableName("public", "items");

	@Test
	void publishedColumnsTheSubscriberLacksAreNamedInThePublishersOrder() {
		Map<TableName, List<String>> missing = ColumnDrift.missing(
				List.of(subscribed(ORDERS, "pub", "id", "item"), subscribed(ITEMS, "pub", "id")),
				Map.of("pub", Map.of(ORDERS, List.of("id", "total", "item", "note"), ITEMS, List.of("id"))));

		assertThat(missing).containsExactly(Map.entry(ORDERS, List.of("total", "note")));
	}

	@Test
	void columnsTheSubscriberHasBesidesThePublishedOnesAreNoDrift() {
		assertThat(ColumnDrift.missing(List.of(subscribed(ORDERS, "pub", "id", "item", "local_note")),
				Map.of("pub", Map.of(ORDERS, List.of("id", "item"))))).isEmpty();
	}

	@Test
	void onlyTheSubscriptionsPublicationsCountAndTheirColumnListsAreCombined() {
		SubscribedTable orders = new SubscribedTable("orders_sub", List.of("pub_a", "pub_b"), ORDERS,
				Set.of("id", "item"));
		Map<String, Map<TableName, List<String>>> published = Map.of("pub_a", Map.of(ORDERS, List.of("id", "item")),
				"pub_b", Map.of(ORDERS, List.of("id", "total")), "other_pub", Map.of(ORDERS, List.of("id", "secret")));

		assertThat(ColumnDrift.missing(List.of(orders), published)).containsExactly(Map.entry(ORDERS, List.of("total")));
	}

	@Test
	void aTableNoLongerPublishedOrAnUnreadPublisherIsNoDrift() {
		assertThat(ColumnDrift.missing(List.of(subscribed(ORDERS, "pub", "id")), Map.of("pub", Map.of()))).isEmpty();
		assertThat(ColumnDrift.missing(List.of(subscribed(ORDERS, "pub", "id")), Map.of())).isEmpty();
	}

	@Test
	void theIssueNamesTablesAndColumnsAndSaysWhatToDo() {
		SubscriptionHealth healthy = new SubscriptionHealth("orders_sub", true, true, SubscriptionHealth.Worker.NONE,
				SubscriptionHealth.Tables.NONE, SubscriptionHealth.Counters.NONE, SubscriptionHealth.Slot.NONE, SubscriptionHealth.Heartbeat.NONE, List.of(),
				List.of());

		SubscriptionHealth drifted = ColumnDrift.withIssue(healthy,
				Map.of(ORDERS, List.of("total", "note")));

		assertThat(drifted.healthy()).isFalse();
		assertThat(drifted.issues()).singleElement()
			.asString()
			.startsWith("tables of subscription 'orders_sub' lack columns the publisher publishes: public.orders "
					+ "(total, note);")
			.contains("is missing replicated columns")
			.contains("ADD COLUMN")
			.contains("createTables");
		assertThat(ColumnDrift.withIssue(healthy, Map.of())).isSameAs(healthy);
	}

	private static SubscribedTable subscribed(TableName table, String publication, String... columns) {
		return new SubscribedTable("orders_sub", List.of(publication), table, Set.of(columns));
	}

}
