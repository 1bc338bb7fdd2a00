package io.pgrepl.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The routes the measured calls take, every one counted: the application's pool to its own
 * database (as Boot's {@code spring.datasource}), a pool to the publisher, and the unpooled
 * publisher {@link DataSource} per subscription that the starter builds today
 * ({@code PublisherConnection}: {@code ConnInfo.toDataSource()}, a new connection per call).
 */
final class BenchmarkConnections implements AutoCloseable {

	private final CountingDataSource subscriberCounter = new CountingDataSource();

	private final CountingDataSource publisherCounter = new CountingDataSource();

	private final HikariDataSource subscriberPool;

	private final HikariDataSource publisherPool;

	private final Map<String, DataSource> unpooledPublishers = new LinkedHashMap<>();

	BenchmarkConnections(Endpoint publisher, Endpoint subscriber, BenchmarkState state) {
		this.subscriberPool = pool("bench-subscriber", this.subscriberCounter.wrap(subscriber.unpooled()));
		this.publisherPool = pool("bench-publisher", this.publisherCounter.wrap(publisher.unpooled()));
		state.subscriptionNames()
			.forEach((name) -> this.unpooledPublishers.put(name, this.publisherCounter.wrap(publisher.unpooled())));
	}

	CountingDataSource subscriberCounter() {
		return this.subscriberCounter;
	}

	CountingDataSource publisherCounter() {
		return this.publisherCounter;
	}

	DataSource subscriberPool() {
		return this.subscriberPool;
	}

	DataSource publisherPool() {
		return this.publisherPool;
	}

	/** The publisher as the starter reaches it today: one unpooled DataSource per subscription. */
	Map<String, DataSource> unpooledPublishers() {
		return this.unpooledPublishers;
	}

	/** The publisher through the one pool, for every subscription. */
	Map<String, DataSource> pooledPublishers() {
		Map<String, DataSource> pooled = new LinkedHashMap<>();
		this.unpooledPublishers.keySet().forEach((name) -> pooled.put(name, this.publisherPool));
		return pooled;
	}

	// Fixed size, so that no connection is opened or retired while counting.
	private static HikariDataSource pool(String name, DataSource dataSource) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(name);
		config.setDataSource(dataSource);
		config.setMaximumPoolSize(2);
		config.setMinimumIdle(2);
		return new HikariDataSource(config);
	}

	@Override
	public void close() {
		this.subscriberPool.close();
		this.publisherPool.close();
	}

}
