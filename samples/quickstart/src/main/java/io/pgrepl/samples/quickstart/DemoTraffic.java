package io.pgrepl.samples.quickstart;

import java.math.BigDecimal;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Places an order on the publisher about three times a second (an INSERT into {@code orders} and
 * an UPDATE of the customer), so that the subscriber always has changes to apply and the health
 * details move while you watch.
 */
@Component
@Profile("publisher")
class DemoTraffic {

	private final JdbcTemplate jdbcTemplate;

	DemoTraffic(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	@Scheduled(fixedRate = 300)
	void placeOrder() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long customer = random.nextLong(1, 6);
		BigDecimal amount = BigDecimal.valueOf(random.nextLong(100, 20_000), 2);
		this.jdbcTemplate.update("insert into orders (customer_id, amount) values (?, ?)", customer, amount);
		this.jdbcTemplate.update("update customers set orders_placed = orders_placed + 1 where id = ?", customer);
	}

}
