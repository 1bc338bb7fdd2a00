package io.pgrepl.core.health;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.publication.Publication;
import io.pgrepl.core.subscription.Subscription;
import io.pgrepl.test.TestDatabase;
import org.awaitility.core.ConditionTimeoutException;

/** The orders table replicated from a test's publisher database to its subscriber database. */
final class OrdersReplication {

	static final String PUBLICATION = "orders_pub";

	static final String SUBSCRIPTION = "orders_sub";

	private OrdersReplication() {
	}

	/** Creates {@code orders} on both sides, publishes it and subscribes with these options. */
	static Subscription start(TestDatabase publisher, TestDatabase subscriber,
			UnaryOperator<SubscriptionDefinition.Builder> options) {
		String ddl = "create table orders (id int primary key, item text)";
		publisher.execute(ddl);
		subscriber.execute(ddl);
		new Publication(publisher.dataSource(), PUBLICATION).create("orders");
		Subscription subscription = new Subscription(subscriber.dataSource(), SUBSCRIPTION);
		subscription
			.create(options.apply(SubscriptionDefinition.builder(publisher.peerConnInfo(), PUBLICATION)).build());
		return subscription;
	}

	/**
	 * Reads until the value satisfies the condition, within the harness deadline; on timeout the
	 * failure shows the last value read.
	 */
	static <T> T poll(Supplier<T> read, Predicate<T> until, String description) {
		AtomicReference<T> last = new AtomicReference<>();
		try {
			TestDatabase.await(() -> {
				T value = read.get();
				last.set(value);
				return until.test(value);
			}, description);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Timed out waiting for " + description + "; last read: " + last.get(), ex);
		}
		return last.get();
	}

}
