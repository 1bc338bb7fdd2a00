package io.pgrepl.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The connection pools through which this application reads its publishers' catalogs: one small
 * pool per publisher (same URL, user and password), shared by every subscription that points at
 * it, so that a health check or a reconcile opens no connection once the pool is warm. A pool
 * connects on first use, not when it is built, so an application can start while a publisher is
 * away; it keeps no idle connection for long, and all are closed with the application context.
 * Every connection carries the {@code replication.timeouts}: connect, login and socket timeouts,
 * and a {@code statement_timeout} and {@code lock_timeout} set at login, so a publisher that
 * accepts TCP and never answers cannot hang a caller; and a caller fails as soon as an attempt to
 * connect fails ({@link FailFastPool}), so one that refuses answers at once.
 */
public final class PublisherPools implements AutoCloseable {

	/** At most two: one for a health snapshot, one for a reconcile running at the same time. */
	static final int MAXIMUM_POOL_SIZE = 2;

	private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

	private final ReplicationProperties.Timeouts timeouts;

	private final Map<Key, FailFastPool> pools = new LinkedHashMap<>();

	/**
	 * @param timeouts the timeouts every publisher connection gets
	 */
	public PublisherPools(ReplicationProperties.Timeouts timeouts) {
		this.timeouts = timeouts;
	}

	/**
	 * The pool for this publisher, built on first request.
	 * @param publisher the unpooled route to the publisher, whose settings this method completes
	 * with the timeouts
	 * @param userSetConnectTimeout whether the publisher's own options set {@code connect_timeout},
	 * which then wins
	 */
	synchronized DataSource pool(PGSimpleDataSource publisher, boolean userSetConnectTimeout) {
		if (!userSetConnectTimeout) {
			publisher.setConnectTimeout(seconds(this.timeouts.getConnect()));
		}
		publisher.setLoginTimeout(seconds(this.timeouts.getLogin()));
		publisher.setSocketTimeout(seconds(this.timeouts.getSocket()));
		String limits = "-c statement_timeout=" + this.timeouts.getStatement().toMillis() + " -c lock_timeout="
				+ this.timeouts.getLock().toMillis();
		String options = publisher.getOptions();
		publisher.setOptions((options != null && !options.isBlank()) ? options + " " + limits : limits);
		Key key = new Key(publisher.getURL(), publisher.getUser(), publisher.getPassword());
		return this.pools.computeIfAbsent(key, (k) -> pool(publisher));
	}

	/** Every pool built so far. */
	public synchronized List<HikariDataSource> pools() {
		return this.pools.values().stream().map(FailFastPool::pool).toList();
	}

	private FailFastPool pool(PGSimpleDataSource publisher) {
		HikariConfig config = new HikariConfig();
		String[] hosts = publisher.getServerNames();
		config.setPoolName("pgrepl-publisher-" + this.pools.size() + "-" + String.join(",", hosts) + "-"
				+ publisher.getDatabaseName());
		config.setMaximumPoolSize(MAXIMUM_POOL_SIZE);
		config.setMinimumIdle(0);
		config.setIdleTimeout(IDLE_TIMEOUT.toMillis());
		// a caller waits for a new connection as long as connecting and logging in may take, no longer
		config.setConnectionTimeout(Math.max(250, this.timeouts.getConnect().plus(this.timeouts.getLogin()).toMillis()));
		config.setValidationTimeout(Math.max(250, Math.min(5000, this.timeouts.getSocket().toMillis())));
		// connect on first use: the application starts while the publisher is away
		config.setInitializationFailTimeout(-1);
		config.setAutoCommit(true);
		// a caller fails as soon as an attempt fails, rather than wait while HikariCP tries again
		return new FailFastPool(config, publisher);
	}

	private static int seconds(Duration duration) {
		return (int) Math.max(1, (duration.toMillis() + 999) / 1000);
	}

	@Override
	public synchronized void close() {
		this.pools.values().forEach(FailFastPool::close);
		this.pools.clear();
	}

	/** Names the pools only. */
	@Override
	public synchronized String toString() {
		return "PublisherPools" + this.pools.values();
	}

	private record Key(String url, @Nullable String user, @Nullable String password) {

		private Key {
			Objects.requireNonNull(url);
		}

		@Override
		public String toString() {
			return this.url;
		}

	}

}
