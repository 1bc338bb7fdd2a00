package io.pgrepl.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pgrepl.core.model.Origin;
import io.pgrepl.core.model.Streaming;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Logical replication declared in configuration: the publications and subscriptions the managed
 * database should have, what to do at startup, and the health thresholds.
 */
@ConfigurationProperties(prefix = "replication", ignoreUnknownFields = false)
public class ReplicationProperties {

	/**
	 * Whether pgrepl acts at startup.
	 */
	private boolean enabled = true;

	/**
	 * What the startup reconcile does with the differences between this configuration and the
	 * database.
	 */
	private Mode mode = Mode.APPLY;

	/**
	 * Bean name of the DataSource to manage. Default: the primary DataSource.
	 */
	private @Nullable String datasource;

	/**
	 * How long to wait for the reconcile lock while another instance reconciles the same database.
	 */
	private Duration lockTimeout = Duration.ofSeconds(60);

	/**
	 * Publications the managed database should have, by publication name.
	 */
	private Map<String, Publication> publications = new LinkedHashMap<>();

	/**
	 * Subscriptions the managed database should have, by subscription name.
	 */
	private Map<String, Subscription> subscriptions = new LinkedHashMap<>();

	private final Health health = new Health();

	private final Timeouts timeouts = new Timeouts();

	private final Metrics metrics = new Metrics();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Mode getMode() {
		return this.mode;
	}

	public void setMode(Mode mode) {
		this.mode = mode;
	}

	public @Nullable String getDatasource() {
		return this.datasource;
	}

	public void setDatasource(@Nullable String datasource) {
		this.datasource = datasource;
	}

	public Duration getLockTimeout() {
		return this.lockTimeout;
	}

	public void setLockTimeout(Duration lockTimeout) {
		this.lockTimeout = lockTimeout;
	}

	public Map<String, Publication> getPublications() {
		return this.publications;
	}

	public void setPublications(Map<String, Publication> publications) {
		this.publications = publications;
	}

	public Map<String, Subscription> getSubscriptions() {
		return this.subscriptions;
	}

	public void setSubscriptions(Map<String, Subscription> subscriptions) {
		this.subscriptions = subscriptions;
	}

	public Health getHealth() {
		return this.health;
	}

	public Timeouts getTimeouts() {
		return this.timeouts;
	}

	/**
	 * How long pgrepl waits for PostgreSQL, so that a server that accepts connections and never
	 * answers cannot hang startup or a health check.
	 */
	public static class Timeouts {

		/**
		 * How long to wait for the TCP connection to a publisher.
		 */
		private Duration connect = Duration.ofSeconds(5);

		/**
		 * How long to wait for a publisher to accept the login once connected.
		 */
		private Duration login = Duration.ofSeconds(10);

		/**
		 * How long to wait for any answer of a publisher on an open connection; longer than the
		 * statement timeout so that the server cancels a slow statement before the socket gives up.
		 */
		private Duration socket = Duration.ofSeconds(60);

		/**
		 * statement_timeout of pgrepl's statements, except the reconcile lock wait (see
		 * lock-timeout), the table copies, which run in the subscriber server's workers, and the
		 * build of the indexes and constraints create-tables defers until the copy, which has none.
		 */
		private Duration statement = Duration.ofSeconds(30);

		/**
		 * lock_timeout of pgrepl's statements: how long DDL waits for a lock held by the application.
		 */
		private Duration lock = Duration.ofSeconds(10);

		/**
		 * How long a health check waits for its snapshot before it answers DOWN, naming the server
		 * that did not answer; the snapshot goes on in the background and answers the next check.
		 * Zero waits as long as the snapshot takes.
		 */
		private Duration health = Duration.ofSeconds(5);

		public Duration getConnect() {
			return this.connect;
		}

		public void setConnect(Duration connect) {
			this.connect = connect;
		}

		public Duration getLogin() {
			return this.login;
		}

		public void setLogin(Duration login) {
			this.login = login;
		}

		public Duration getSocket() {
			return this.socket;
		}

		public void setSocket(Duration socket) {
			this.socket = socket;
		}

		public Duration getStatement() {
			return this.statement;
		}

		public void setStatement(Duration statement) {
			this.statement = statement;
		}

		public Duration getLock() {
			return this.lock;
		}

		public void setLock(Duration lock) {
			this.lock = lock;
		}

		public Duration getHealth() {
			return this.health;
		}

		public void setHealth(Duration health) {
			this.health = health;
		}

	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	/** Micrometer metrics of the declared publications and subscriptions. */
	public static class Metrics {

		/**
		 * How long one reading of the catalog serves every replication meter. Scrapes within it
		 * run no query.
		 */
		private Duration refresh = Duration.ofSeconds(10);

		public Duration getRefresh() {
			return this.refresh;
		}

		public void setRefresh(Duration refresh) {
			this.refresh = refresh;
		}

	}

	/** What the startup reconcile does. */
	public enum Mode {

		/** Make the database match, under an advisory lock, logging each statement. */
		APPLY,

		/** Fail startup when the database differs, listing the differences. */
		VALIDATE,

		/** Log the statements that apply would run, and change nothing. */
		PLAN,

		/** Do nothing at startup. */
		NONE

	}

	/** A publication of the managed database. */
	public static class Publication {

		/**
		 * Tables to publish: each a name (table or schema.table; an unqualified name means schema
		 * public), or an object with the name, a row filter (where) and a column list (columns).
		 */
		private List<Table> tables = new ArrayList<>();

		/**
		 * Schemas whose tables, present and future, are published (TABLES IN SCHEMA, PostgreSQL
		 * 15+).
		 */
		private List<String> schemas = new ArrayList<>();

		/**
		 * Whether to publish every table of the database, present and future (FOR ALL TABLES).
		 */
		private boolean allTables;

		/**
		 * Operations to publish: insert, update, delete and truncate.
		 */
		private List<String> operations = new ArrayList<>(List.of("insert", "update", "delete", "truncate"));

		/**
		 * Whether changes to partitions are published as changes to their partitioned table.
		 */
		private boolean publishViaPartitionRoot;

		/**
		 * Whether tables in the publication that are no longer listed are removed from it.
		 */
		private boolean prune;

		/**
		 * How often this application updates the publication's row of pgrepl's heartbeat table
		 * (pgrepl.heartbeat), whose age on the subscriber is the end-to-end lag; none when unset.
		 */
		private @Nullable Duration heartbeat;

		public List<Table> getTables() {
			return this.tables;
		}

		public void setTables(List<Table> tables) {
			this.tables = tables;
		}

		public List<String> getSchemas() {
			return this.schemas;
		}

		public void setSchemas(List<String> schemas) {
			this.schemas = schemas;
		}

		public boolean isAllTables() {
			return this.allTables;
		}

		public void setAllTables(boolean allTables) {
			this.allTables = allTables;
		}

		public List<String> getOperations() {
			return this.operations;
		}

		public void setOperations(List<String> operations) {
			this.operations = operations;
		}

		public boolean isPublishViaPartitionRoot() {
			return this.publishViaPartitionRoot;
		}

		public void setPublishViaPartitionRoot(boolean publishViaPartitionRoot) {
			this.publishViaPartitionRoot = publishViaPartitionRoot;
		}

		public boolean isPrune() {
			return this.prune;
		}

		public void setPrune(boolean prune) {
			this.prune = prune;
		}

		public @Nullable Duration getHeartbeat() {
			return this.heartbeat;
		}

		public void setHeartbeat(@Nullable Duration heartbeat) {
			this.heartbeat = heartbeat;
		}

	}

	/**
	 * A table of a publication. Written as a plain name ({@code tables: [orders, sales.items]}),
	 * which binds through {@link #Table(String)}, or as an object when only some rows or columns
	 * are published ({@code tables: [{name: orders, where: "region = 'eu'", columns: [id, total]}]}).
	 */
	public static class Table {

		/**
		 * Table to publish, as table or schema.table; an unqualified name means schema public.
		 */
		private @Nullable String name;

		/**
		 * Row filter: publish only the rows for which this SQL expression is true (PostgreSQL 15+).
		 */
		private @Nullable String where;

		/**
		 * Columns to publish. Default: every column (PostgreSQL 15+).
		 */
		private List<String> columns = new ArrayList<>();

		public Table() {
		}

		/** A table published whole, as a plain name binds. */
		public Table(String name) {
			this.name = name;
		}

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getWhere() {
			return this.where;
		}

		public void setWhere(@Nullable String where) {
			this.where = where;
		}

		public List<String> getColumns() {
			return this.columns;
		}

		public void setColumns(List<String> columns) {
			this.columns = columns;
		}

		@Override
		public String toString() {
			return String.valueOf(this.name);
		}

	}

	/** A subscription of the managed database. */
	public static class Subscription {

		private final Publisher publisher = new Publisher();

		/**
		 * How long startup waits until every table of the subscription is ready, logging the
		 * progress; startup fails after it, naming the tables not ready. Default: no wait.
		 */
		private @Nullable Duration awaitSync;

		public @Nullable Duration getAwaitSync() {
			return this.awaitSync;
		}

		public void setAwaitSync(@Nullable Duration awaitSync) {
			this.awaitSync = awaitSync;
		}

		/**
		 * Publications on the publisher to subscribe to.
		 */
		private List<String> publications = new ArrayList<>();

		/**
		 * Whether rows already in the published tables are copied when subscribing.
		 */
		private boolean copyData = true;

		/**
		 * Whether the replication slot is created on the publisher when subscribing.
		 */
		private boolean createSlot = true;

		/**
		 * Replication slot on the publisher. Default: the subscription name.
		 */
		private @Nullable String slotName;

		/**
		 * Whether the subscription replicates.
		 */
		private boolean enabled = true;

		/**
		 * Whether to create missing subscriber tables from the publisher's definitions.
		 */
		private boolean createTables;

		/**
		 * How large in-progress transactions are received: off, on, or parallel (PostgreSQL 16+).
		 */
		private Streaming streaming = Streaming.OFF;

		/**
		 * Whether the publisher sends data in binary format.
		 */
		private boolean binary;

		/**
		 * Whether the subscription is disabled when applying a change fails (PostgreSQL 15+).
		 */
		private boolean disableOnError;

		/**
		 * Whether prepared transactions are replicated at PREPARE TRANSACTION (PostgreSQL 15+).
		 */
		private boolean twoPhase;

		/**
		 * Which changes are applied: any, or none to skip changes that were themselves replicated
		 * (PostgreSQL 16+).
		 */
		private Origin origin = Origin.ANY;

		/**
		 * Whether the slot is synchronized to physical standbys of the publisher (PostgreSQL 17+).
		 */
		private boolean failover;

		/**
		 * Whether the connection to the publisher must authenticate with a password (PostgreSQL
		 * 16+).
		 */
		private boolean passwordRequired = true;

		/**
		 * Whether changes are applied as the subscription owner instead of the table owners
		 * (PostgreSQL 16+).
		 */
		private boolean runAsOwner;

		/**
		 * Sequences to sync besides those owned by the published tables (identity and serial
		 * columns): {@code sequence} or {@code schema.sequence}.
		 */
		private List<String> sequences = new ArrayList<>();

		/**
		 * How often the subscriber's sequences are synced to the publisher's values while the
		 * application runs. Default: never, only on demand and at switchover.
		 */
		private @Nullable Duration sequenceSyncInterval;

		/**
		 * Whether startup fails when the publisher cannot be reached although the subscription
		 * exists. By default the application starts, logs what it could not check, and health is
		 * DOWN until the publisher answers.
		 */
		private boolean requirePublisherAtStartup;

		public Publisher getPublisher() {
			return this.publisher;
		}

		public List<String> getPublications() {
			return this.publications;
		}

		public void setPublications(List<String> publications) {
			this.publications = publications;
		}

		public boolean isCopyData() {
			return this.copyData;
		}

		public void setCopyData(boolean copyData) {
			this.copyData = copyData;
		}

		public boolean isCreateSlot() {
			return this.createSlot;
		}

		public void setCreateSlot(boolean createSlot) {
			this.createSlot = createSlot;
		}

		public @Nullable String getSlotName() {
			return this.slotName;
		}

		public void setSlotName(@Nullable String slotName) {
			this.slotName = slotName;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isCreateTables() {
			return this.createTables;
		}

		public void setCreateTables(boolean createTables) {
			this.createTables = createTables;
		}

		public Streaming getStreaming() {
			return this.streaming;
		}

		public void setStreaming(Streaming streaming) {
			this.streaming = streaming;
		}

		public boolean isBinary() {
			return this.binary;
		}

		public void setBinary(boolean binary) {
			this.binary = binary;
		}

		public boolean isDisableOnError() {
			return this.disableOnError;
		}

		public void setDisableOnError(boolean disableOnError) {
			this.disableOnError = disableOnError;
		}

		public boolean isTwoPhase() {
			return this.twoPhase;
		}

		public void setTwoPhase(boolean twoPhase) {
			this.twoPhase = twoPhase;
		}

		public Origin getOrigin() {
			return this.origin;
		}

		public void setOrigin(Origin origin) {
			this.origin = origin;
		}

		public boolean isFailover() {
			return this.failover;
		}

		public void setFailover(boolean failover) {
			this.failover = failover;
		}

		public boolean isPasswordRequired() {
			return this.passwordRequired;
		}

		public void setPasswordRequired(boolean passwordRequired) {
			this.passwordRequired = passwordRequired;
		}

		public List<String> getSequences() {
			return this.sequences;
		}

		public void setSequences(List<String> sequences) {
			this.sequences = sequences;
		}

		public @Nullable Duration getSequenceSyncInterval() {
			return this.sequenceSyncInterval;
		}

		public void setSequenceSyncInterval(@Nullable Duration sequenceSyncInterval) {
			this.sequenceSyncInterval = sequenceSyncInterval;
		}

		public boolean isRequirePublisherAtStartup() {
			return this.requirePublisherAtStartup;
		}

		public void setRequirePublisherAtStartup(boolean requirePublisherAtStartup) {
			this.requirePublisherAtStartup = requirePublisherAtStartup;
		}

		public boolean isRunAsOwner() {
			return this.runAsOwner;
		}

		public void setRunAsOwner(boolean runAsOwner) {
			this.runAsOwner = runAsOwner;
		}

	}

	/**
	 * Where the publisher of a subscription is. The fields (or connection-string) are written into
	 * CREATE SUBSCRIPTION for the subscriber server; the application itself connects the same way
	 * unless jdbc-url says otherwise.
	 */
	public static class Publisher {

		/**
		 * Publisher host, as the subscriber server reaches it.
		 */
		private @Nullable String host;

		/**
		 * Publisher port.
		 */
		private int port = 5432;

		/**
		 * Database on the publisher.
		 */
		private @Nullable String database;

		/**
		 * Role to connect as on the publisher.
		 */
		private @Nullable String username;

		/**
		 * Password of that role.
		 */
		private @Nullable String password;

		/**
		 * Additional libpq connection keywords, such as sslmode.
		 */
		private Map<String, String> options = new LinkedHashMap<>();

		/**
		 * libpq connection string (keyword/value or postgresql:// URI), instead of host, port,
		 * database and username.
		 */
		private @Nullable String connectionString;

		/**
		 * JDBC URL through which this application reaches the publisher, when it does not reach it
		 * the way the subscriber server does.
		 */
		private @Nullable String jdbcUrl;

		/**
		 * Leave the password out of the subscription's connection string: the subscriber server's
		 * libpq reads it from the passfile of its own OS user (~/.pgpass, or options.passfile), so
		 * that pg_subscription.subconninfo holds no password. The password property, if set, is
		 * then used for the application's own connection to the publisher only.
		 */
		private boolean passwordFromServerPassfile;

		public @Nullable String getHost() {
			return this.host;
		}

		public void setHost(@Nullable String host) {
			this.host = host;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public @Nullable String getDatabase() {
			return this.database;
		}

		public void setDatabase(@Nullable String database) {
			this.database = database;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public Map<String, String> getOptions() {
			return this.options;
		}

		public void setOptions(Map<String, String> options) {
			this.options = options;
		}

		public @Nullable String getConnectionString() {
			return this.connectionString;
		}

		public void setConnectionString(@Nullable String connectionString) {
			this.connectionString = connectionString;
		}

		public boolean isPasswordFromServerPassfile() {
			return this.passwordFromServerPassfile;
		}

		public void setPasswordFromServerPassfile(boolean passwordFromServerPassfile) {
			this.passwordFromServerPassfile = passwordFromServerPassfile;
		}

		public @Nullable String getJdbcUrl() {
			return this.jdbcUrl;
		}

		public void setJdbcUrl(@Nullable String jdbcUrl) {
			this.jdbcUrl = jdbcUrl;
		}

	}

	/** Thresholds of the replication health checks. */
	public static class Health {

		/**
		 * Replication lag above which health reports a warning.
		 */
		/**
		 * How long a health snapshot of the subscriptions (or the publisher) answers later health
		 * checks, so that a burst of probes costs one snapshot; concurrent checks always share one.
		 * Zero by default, so that health read right after a change shows it.
		 */
		private Duration cache = Duration.ZERO;

		private Duration lagWarning = Duration.ofSeconds(30);

		/**
		 * Replication lag above which health is DOWN.
		 */
		private Duration lagCritical = Duration.ofMinutes(5);

		/**
		 * WAL not yet confirmed by a subscriber above which health reports a warning.
		 */
		private DataSize lagBytesWarning = DataSize.ofMegabytes(64);

		/**
		 * WAL not yet confirmed by a subscriber above which health is DOWN.
		 */
		private DataSize lagBytesCritical = DataSize.ofGigabytes(1);

		/**
		 * WAL retained by a replication slot above which health reports a warning.
		 */
		private DataSize retainedWalWarning = DataSize.ofGigabytes(1);

		/**
		 * WAL retained by a replication slot above which health is DOWN.
		 */
		private DataSize retainedWalCritical = DataSize.ofGigabytes(10);

		public Duration getCache() {
			return this.cache;
		}

		public void setCache(Duration cache) {
			this.cache = cache;
		}

		public Duration getLagWarning() {
			return this.lagWarning;
		}

		public void setLagWarning(Duration lagWarning) {
			this.lagWarning = lagWarning;
		}

		public Duration getLagCritical() {
			return this.lagCritical;
		}

		public void setLagCritical(Duration lagCritical) {
			this.lagCritical = lagCritical;
		}

		public DataSize getLagBytesWarning() {
			return this.lagBytesWarning;
		}

		public void setLagBytesWarning(DataSize lagBytesWarning) {
			this.lagBytesWarning = lagBytesWarning;
		}

		public DataSize getLagBytesCritical() {
			return this.lagBytesCritical;
		}

		public void setLagBytesCritical(DataSize lagBytesCritical) {
			this.lagBytesCritical = lagBytesCritical;
		}

		public DataSize getRetainedWalWarning() {
			return this.retainedWalWarning;
		}

		public void setRetainedWalWarning(DataSize retainedWalWarning) {
			this.retainedWalWarning = retainedWalWarning;
		}

		public DataSize getRetainedWalCritical() {
			return this.retainedWalCritical;
		}

		public void setRetainedWalCritical(DataSize retainedWalCritical) {
			this.retainedWalCritical = retainedWalCritical;
		}

	}

}
