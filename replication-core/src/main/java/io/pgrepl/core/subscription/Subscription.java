package io.pgrepl.core.subscription;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

import io.pgrepl.core.internal.catalog.ClusterIdentity;
import io.pgrepl.core.internal.catalog.SubscriptionCatalog;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.internal.jdbc.TimeoutsDataSource;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.Feature;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.ReplicationArgumentException;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.ReplicationSqlException;
import io.pgrepl.core.model.Secrets;
import io.pgrepl.core.model.SessionTimeouts;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.status.SubscriptionInfo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription on the subscriber: which publications this database receives, and from where.
 *
 * <pre>{@code
 * Subscription sub = new Subscription(dataSource, "analytics_sub");
 * sub.create(SubscriptionDefinition.builder("host=pub dbname=app user=rep password=secret", "analytics_pub")
 *     .copyData(true)
 *     .build());
 * }</pre>
 *
 * Statements run in autocommit, as PostgreSQL requires for those that touch the slot. The
 * connection string's password never appears in logs or exception messages.
 */
public final class Subscription {

	private static final Logger logger = LoggerFactory.getLogger(Subscription.class);

	/** How long a same-cluster drop waits for the walsenders of the subscription's slots to go. */
	private static final Duration SAME_CLUSTER_SLOT_WAIT = Duration.ofSeconds(30);

	/** How often it looks. */
	private static final Duration SLOT_POLL = Duration.ofMillis(100);

	private final DataSource dataSource;

	private final String name;

	private final @Nullable DataSource publisherDataSource;

	public Subscription(DataSource dataSource, String name) {
		this(dataSource, name, null);
	}

	private Subscription(DataSource dataSource, String name, @Nullable DataSource publisherDataSource) {
		this.dataSource = dataSource;
		this.name = Identifiers.requireValid(name, "subscription name");
		this.publisherDataSource = publisherDataSource;
	}

	/**
	 * The same subscription, reaching the publisher through this {@link DataSource} when pgrepl
	 * itself needs to (same-cluster detection, slot creation), instead of through the connection
	 * string, which is written for the subscriber server and may not work from the application.
	 */
	public Subscription withPublisherDataSource(@Nullable DataSource publisherDataSource) {
		return new Subscription(this.dataSource, this.name, publisherDataSource);
	}

	public String name() {
		return this.name;
	}

	/**
	 * Creates the subscription.
	 *
	 * <p>
	 * When the publisher is a database of the same cluster, {@code CREATE SUBSCRIPTION} with
	 * {@code create_slot = true} never returns: creating a logical slot waits for every running
	 * transaction to end, including its own. pgrepl detects that case (same system identifier),
	 * creates the slot with {@code pg_create_logical_replication_slot} on the publisher connection
	 * and subscribes with {@code create_slot = false}. If subscribing then fails, the slot is dropped
	 * again.
	 * @throws UnsupportedFeatureException when an option needs a newer server, before any change
	 */
	public void create(SubscriptionDefinition definition) {
		String slotName = slotName(definition);
		Secrets secrets = Secrets.of(definition.connectionString());
		try (PgSession session = PgSession.open(this.dataSource, Side.SUBSCRIBER, secrets)) {
			// Built before anything runs, so that an option the server lacks changes nothing.
			String create = SubscriptionSql.create(this.name, definition, slotName, definition.createSlot(),
					session.version());
			boolean slotCreatedHere = definition.createSlot() && createSlotIfSameCluster(session, definition, slotName);
			try {
				session.execute(slotCreatedHere
						? SubscriptionSql.create(this.name, definition, slotName, false, session.version()) : create);
			}
			catch (RuntimeException ex) {
				if (slotCreatedHere) {
					dropSlotQuietly(definition, slotName);
				}
				throw ex;
			}
		}
	}

	/** The slot this definition uses: its {@code slotName}, or else the subscription name. */
	public String slotName(SubscriptionDefinition definition) {
		String slotName = definition.slotNameOr(this.name);
		if (!slotName.matches("[a-z0-9_]+")) {
			throw new ReplicationArgumentException("slotName", "Subscription name '" + this.name
					+ "' cannot be its slot name (only lower case letters, digits and underscores); set slotName");
		}
		return slotName;
	}

	/** @return whether the slot was created here because the publisher is in this cluster */
	private boolean createSlotIfSameCluster(PgSession subscriber, SubscriptionDefinition definition, String slotName) {
		DataSource publisher = publisherDataSource(definition);
		PgSession publisherSession;
		try {
			publisherSession = PgSession.open(publisher, Side.PUBLISHER, Secrets.of(definition.connectionString()));
		}
		catch (ReplicationException ex) {
			// The application cannot reach the publisher; the subscriber server may. Let it try.
			logger.debug("Cannot check whether the publisher is in the same cluster: {}", ex.getMessage());
			return false;
		}
		try (publisherSession) {
			if (!ClusterIdentity.sameCluster(subscriber, publisherSession)) {
				return false;
			}
			boolean exists = publisherSession
				.queryOne("select 1 from pg_replication_slots where slot_name = ?", (rs) -> true, slotName)
				.isPresent();
			if (exists) {
				throw new ReplicationException("Replication slot '" + slotName
						+ "' already exists on the publisher; use it with createSlot(false), or drop it there with "
						+ "SELECT pg_drop_replication_slot('" + slotName + "')");
			}
			logger.info("pgrepl: publisher is in the same cluster as subscription '{}'; creating slot '{}' "
					+ "through the publisher connection (CREATE SUBSCRIPTION would wait for itself)", this.name, slotName);
			publisherSession.execute(SubscriptionSql.createSlot(slotName, definition, publisherSession.version()));
			return true;
		}
	}

	private DataSource publisherDataSource(SubscriptionDefinition definition) {
		return (this.publisherDataSource != null) ? this.publisherDataSource
				: definition.connectionString().toDataSource();
	}

	private void dropSlotQuietly(SubscriptionDefinition definition, String slotName) {
		try (PgSession publisher = PgSession.open(publisherDataSource(definition), Side.PUBLISHER,
				Secrets.of(definition.connectionString()))) {
			publisher.execute(SubscriptionSql.dropSlot(slotName));
		}
		catch (ReplicationException ex) {
			logger.warn("pgrepl: could not drop slot '{}' on the publisher after a failed CREATE SUBSCRIPTION: {}",
					slotName, ex.getMessage());
		}
	}

	/** Starts replication again; nothing written meanwhile is lost, the slot kept it. */
	public void enable() {
		alter(SubscriptionSql.enable(this.name));
	}

	/** Stops the apply worker; the publisher keeps WAL for the slot until {@link #enable()}. */
	public void disable() {
		alter(SubscriptionSql.disable(this.name));
	}

	/**
	 * Skips the remote transaction that finishes at this LSN: the one the apply worker fails on,
	 * whose finish LSN the subscriber's server log names. Its changes are lost on this subscriber.
	 * @param lsn the transaction's finish LSN, such as {@code 0/14C0378}
	 * @throws io.pgrepl.core.model.UnsupportedFeatureException on PostgreSQL 14, which cannot skip
	 * (there: remove the conflicting row on the subscriber, or advance the origin with
	 * {@code pg_replication_origin_advance})
	 */
	public void skip(String lsn) {
		String sql = SubscriptionSql.skip(this.name, lsn);
		try (PgSession session = PgSession.open(this.dataSource, Side.SUBSCRIBER)) {
			session.version().require(Feature.SKIP_TRANSACTION);
			describe(session).orElseThrow(this::notFound);
			session.execute(sql);
		}
	}

	/**
	 * Picks up tables added to the publications since the subscription was created or last
	 * refreshed, and stops replicating removed ones.
	 * @param copyData whether the rows already in newly added tables are copied
	 * @throws ReplicationException when the subscription is disabled: PostgreSQL refuses to refresh
	 * a disabled subscription
	 */
	public void refresh(boolean copyData) {
		try (PgSession session = PgSession.open(this.dataSource, Side.SUBSCRIBER)) {
			SubscriptionInfo current = describe(session).orElseThrow(this::notFound);
			if (!current.enabled()) {
				throw new ReplicationException("Subscription '" + this.name
						+ "' is disabled and PostgreSQL refuses ALTER SUBSCRIPTION ... REFRESH PUBLICATION on a "
						+ "disabled subscription; enable() it first");
			}
			session.execute(SubscriptionSql.refresh(this.name, copyData));
		}
	}

	/** Points the subscription at another connection string (for example after a password change). */
	public void setConnection(ConnInfo connectionString) {
		try (PgSession session = PgSession.open(this.dataSource, Side.SUBSCRIBER, Secrets.of(connectionString))) {
			session.execute(SubscriptionSql.setConnection(this.name, connectionString));
		}
	}

	/**
	 * Replaces the list of publications.
	 * @param publications the new list
	 * @param refresh whether to refresh table membership now (needs an enabled subscription)
	 * @param copyData with refresh, whether newly added tables are copied
	 */
	public void setPublications(List<String> publications, boolean refresh, boolean copyData) {
		for (int i = 0; i < publications.size(); i++) {
			Identifiers.requireValid(publications.get(i), "publications[" + i + "]");
		}
		try (PgSession session = PgSession.open(this.dataSource, Side.SUBSCRIBER)) {
			session.execute(SubscriptionSql.setPublications(this.name, publications, refresh, copyData));
		}
	}

	/**
	 * Drops the subscription and its slot on the publisher.
	 *
	 * <p>
	 * When the publisher cannot be reached or refuses the subscription's credentials,
	 * {@code DROP SUBSCRIPTION} fails because it cannot drop the slot, and it fails too when the slot
	 * is already gone. Then the subscription is disabled, detached from its slot ({@code slot_name = NONE}) and
	 * dropped; the result names the slot left on the publisher, which retains WAL there until it is
	 * dropped by hand (none when the slot was already gone).
	 */
	public SubscriptionDropResult drop() {
		try (PgSession session = PgSession.open(underTimeouts(this.dataSource), Side.SUBSCRIBER)) {
			Optional<SubscriptionInfo> current = describe(session);
			if (current.isEmpty()) {
				return new SubscriptionDropResult(false, null);
			}
			String slotName = current.get().slotName();
			PgSession sameCluster = (slotName != null) ? sameClusterPublisher(session, current.get()) : null;
			if (sameCluster != null) {
				try (sameCluster) {
					return dropInSameCluster(session, sameCluster, current.get(), slotName);
				}
			}
			try {
				session.execute(SubscriptionSql.drop(this.name));
				return new SubscriptionDropResult(true, null);
			}
			catch (ReplicationSqlException ex) {
				DropFailure failure = DropFailure.of(ex);
				if (failure == null || current.get().slotName() == null) {
					throw ex;
				}
				String slot = current.get().slotName();
				logger.warn("pgrepl: {} for subscription '{}' ({}); dropping the subscription without its slot",
						failure.description, this.name, ex.getMessage());
				if (current.get().enabled()) {
					session.execute(SubscriptionSql.disable(this.name));
				}
				session.execute(SubscriptionSql.detachSlot(this.name));
				session.execute(SubscriptionSql.drop(this.name));
				if (failure == DropFailure.SLOT_GONE) {
					return new SubscriptionDropResult(true, null);
				}
				ConnInfo connInfo = current.get().connectionString();
				logger.warn("pgrepl: replication slot '{}' is left on the publisher{} and retains WAL there until "
						+ "dropped: SELECT pg_drop_replication_slot('{}')", slot,
						(connInfo != null) ? " (" + connInfo.host() + "/" + connInfo.database() + ")" : "", slot);
				return new SubscriptionDropResult(true, slot);
			}
		}
	}

	/**
	 * Why {@code DROP SUBSCRIPTION} could not drop the slot, when dropping the subscription without
	 * it is right. PostgreSQL reports every failure to drop the remote slot as a connection failure
	 * (SQLSTATE 08006) with the publisher's own error in the text, so the text decides between a
	 * slot already gone and a publisher that refused or could not be reached; the SQLSTATEs of
	 * those causes (28xxx, 42704) are taken as they are too.
	 */
	/**
	 * A data source whose sessions run under the default session timeouts unless it has its own:
	 * a drop through a plain data source must not wait forever (for a walsender, a lock).
	 */
	private static DataSource underTimeouts(DataSource dataSource) {
		return (dataSource instanceof TimeoutsDataSource) ? dataSource
				: TimeoutsDataSource.of(dataSource, SessionTimeouts.DEFAULTS);
	}

	/** A session on the publisher when it is in the subscriber's cluster; {@code null} otherwise or when unknown. */
	private @Nullable PgSession sameClusterPublisher(PgSession subscriber, SubscriptionInfo current) {
		ConnInfo connInfo = current.connectionString();
		DataSource publisher = (this.publisherDataSource != null) ? this.publisherDataSource
				: (connInfo != null) ? connInfo.toDataSource() : null;
		if (publisher == null) {
			return null;
		}
		PgSession session;
		try {
			session = PgSession.open(underTimeouts(publisher), Side.PUBLISHER,
					(connInfo != null) ? Secrets.of(connInfo) : Secrets.NONE);
		}
		catch (ReplicationException ex) {
			logger.debug("Cannot check whether the publisher is in the same cluster: {}", ex.getMessage());
			return null;
		}
		try {
			if (ClusterIdentity.sameCluster(subscriber, session)) {
				return session;
			}
		}
		catch (ReplicationException ex) {
			logger.debug("Cannot check whether the publisher is in the same cluster: {}", ex.getMessage());
		}
		session.close();
		return null;
	}

	/**
	 * PostgreSQL 14-16: {@code DROP SUBSCRIPTION} in the publisher's own cluster can wait forever
	 * while a table is being copied: it drops the table-sync slot through a walsender, which waits
	 * for the walsender still creating that slot, which waits for every running transaction, the
	 * DROP's own included. So the subscription is disabled and detached from its slot first, dropped
	 * without touching the publisher, and then its slot and table-sync slots are dropped on the
	 * publisher once their walsenders have gone, within the statement timeout.
	 */
	private SubscriptionDropResult dropInSameCluster(PgSession subscriber, PgSession publisher, SubscriptionInfo current,
			String slotName) {
		long oid = subscriber
			.queryOne("select oid from pg_subscription where subname = ? and subdbid = "
					+ "(select oid from pg_database where datname = current_database())", (rs) -> rs.getLong(1), this.name)
			.orElseThrow();
		if (current.enabled()) {
			subscriber.execute(SubscriptionSql.disable(this.name));
		}
		subscriber.execute(SubscriptionSql.detachSlot(this.name));
		subscriber.execute(SubscriptionSql.drop(this.name));
		String syncSlots = "pg\\_" + oid + "\\_sync\\_%";
		long deadline = System.nanoTime() + SAME_CLUSTER_SLOT_WAIT.toNanos();
		while (true) {
			// a slot still in use by its walsender cannot be dropped; its walsender goes once it
			// notices the worker gone, and a table-sync slot being created appears active meanwhile
			List<String> left = publisher.query("select slot_name from pg_replication_slots "
					+ "where slot_name = ? or slot_name like ?", (rs) -> rs.getString(1), slotName, syncSlots);
			publisher.query("select pg_drop_replication_slot(slot_name) from pg_replication_slots "
					+ "where (slot_name = ? or slot_name like ?) and not active", (rs) -> true, slotName, syncSlots);
			if (left.isEmpty()) {
				return new SubscriptionDropResult(true, null);
			}
			if (System.nanoTime() - deadline > 0) {
				logger.warn("pgrepl: replication slots {} of dropped subscription '{}' are still in use after {}; "
						+ "drop them on the publisher once inactive: SELECT pg_drop_replication_slot('{}')", left,
						this.name, SAME_CLUSTER_SLOT_WAIT, slotName);
				return new SubscriptionDropResult(true, left.contains(slotName) ? slotName : left.get(0));
			}
			try {
				Thread.sleep(SLOT_POLL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ReplicationException("Interrupted while waiting to drop the slots of subscription '"
						+ this.name + "' on the publisher: " + left, ex);
			}
		}
	}

	private enum DropFailure {

		UNREACHABLE("the publisher cannot be reached"),

		AUTHENTICATION("the publisher refused the subscription's credentials"),

		SLOT_GONE("the replication slot no longer exists on the publisher");

		private final String description;

		DropFailure(String description) {
			this.description = description;
		}

		static @Nullable DropFailure of(ReplicationSqlException ex) {
			String message = String.valueOf(ex.getMessage());
			if ("42704".equals(ex.getSqlState())
					|| (ex.isConnectionFailure() && message.matches("(?s).*replication slot \".*\" does not exist.*"))) {
				return SLOT_GONE;
			}
			if (ex.isAuthenticationFailure() || (ex.isConnectionFailure()
					&& (message.contains("authentication failed") || message.contains("password")))) {
				return AUTHENTICATION;
			}
			return ex.isConnectionFailure() ? UNREACHABLE : null;
		}

	}

	public boolean exists() {
		return describe().isPresent();
	}

	/** The subscription as the catalog has it, or empty when it does not exist in this database. */
	public Optional<SubscriptionInfo> describe() {
		try (PgSession session = PgSession.open(this.dataSource, Side.SUBSCRIBER)) {
			return describe(session);
		}
	}

	private Optional<SubscriptionInfo> describe(PgSession session) {
		return SubscriptionCatalog.read(session, List.of(this.name)).stream().findFirst();
	}

	private void alter(String sql) {
		try (PgSession session = PgSession.open(this.dataSource, Side.SUBSCRIBER)) {
			describe(session).orElseThrow(this::notFound);
			session.execute(sql);
		}
	}

	private ReplicationException notFound() {
		return new ReplicationException("Subscription '" + this.name + "' does not exist in this database");
	}

}
