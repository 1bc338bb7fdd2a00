package io.pgrepl.autoconfigure;

import java.util.List;
import javax.sql.DataSource;

import io.pgrepl.autoconfigure.ReplicationProperties.Publisher;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.Message;
import io.pgrepl.core.model.ReplicationArgumentException;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SettingRef;
import io.pgrepl.core.plan.DesiredStateProblem;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.util.StringUtils;

/**
 * The two routes to a subscription's publisher: the libpq connection string that the subscriber
 * server uses ({@code CREATE SUBSCRIPTION ... CONNECTION}), and the {@link DataSource} through which
 * this application reads the publisher's catalog, which is the same route unless {@code jdbc-url}
 * says otherwise. Problems point at their setting and never carry the password.
 */
final class PublisherConnection {

	private final Publisher publisher;

	private final SettingRef subscription;

	private final List<DesiredStateProblem> problems;

	/**
	 * @param publisher the publisher block
	 * @param subscription the subscription it belongs to
	 * @param problems where problems are added
	 */
	PublisherConnection(Publisher publisher, SettingRef subscription, List<DesiredStateProblem> problems) {
		this.publisher = publisher;
		this.subscription = subscription;
		this.problems = problems;
	}

	/** The connection string for the subscriber server, or {@code null} after a problem. */
	@Nullable ConnInfo connInfo() {
		String connectionString = this.publisher.getConnectionString();
		try {
			if (StringUtils.hasText(connectionString)) {
				return fromConnectionString(connectionString);
			}
			return fromFields();
		}
		catch (ReplicationArgumentException ex) {
			problem(Setting.PUBLISHER_OPTIONS, "an option is not a libpq connection keyword",
					"Use libpq keywords (lower case letters and underscores), such as sslmode");
			return null;
		}
	}

	/**
	 * How this application connects to the publisher: through the pool shared with every
	 * subscription to the same publisher.
	 */
	DataSource dataSource(ConnInfo connInfo, PublisherPools pools) {
		int before = this.problems.size();
		PGSimpleDataSource unpooled = unpooled(connInfo);
		if (this.problems.size() > before) {
			return unpooled;
		}
		return pools.pool(unpooled, connInfo.get("connect_timeout") != null);
	}

	private PGSimpleDataSource unpooled(ConnInfo connInfo) {
		String jdbcUrl = this.publisher.getJdbcUrl();
		if (!StringUtils.hasText(jdbcUrl)) {
			return (PGSimpleDataSource) connInfo.toDataSource();
		}
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		try {
			dataSource.setURL(jdbcUrl);
		}
		catch (IllegalArgumentException ex) {
			problem(Setting.PUBLISHER_DATA_SOURCE, "is not a PostgreSQL JDBC URL", "Use jdbc:postgresql://host:port/database");
		}
		if (connInfo.user() != null) {
			dataSource.setUser(connInfo.user());
		}
		if (connInfo.password() != null) {
			dataSource.setPassword(connInfo.password());
		}
		dataSource.setApplicationName("pgrepl");
		return dataSource;
	}

	/** The setting to name when the publisher cannot be reached. */
	Setting route() {
		if (StringUtils.hasText(this.publisher.getJdbcUrl())) {
			return Setting.PUBLISHER_DATA_SOURCE;
		}
		return StringUtils.hasText(this.publisher.getConnectionString()) ? Setting.PUBLISHER_CONNECTION_STRING
				: Setting.PUBLISHER_HOST;
	}

	private @Nullable ConnInfo fromConnectionString(String connectionString) {
		if (StringUtils.hasText(this.publisher.getHost()) || StringUtils.hasText(this.publisher.getDatabase())
				|| StringUtils.hasText(this.publisher.getUsername())) {
			problem(Setting.PUBLISHER_CONNECTION_STRING, "is set together with host, database or username",
					"Set either connection-string or host, port, database and username, not both");
			return null;
		}
		ConnInfo connInfo;
		try {
			connInfo = ConnInfo.parse(connectionString);
		}
		catch (ReplicationArgumentException ex) {
			// The parser's message may quote a fragment of a malformed password: name the property only.
			problem(Setting.PUBLISHER_CONNECTION_STRING, "is not a valid libpq connection string",
					"Write keyword=value pairs (quote values with spaces in single quotes) or a postgresql:// URI");
			return null;
		}
		if (connInfo.password() == null && StringUtils.hasText(this.publisher.getPassword())) {
			connInfo = connInfo.with("password", this.publisher.getPassword());
		}
		for (var option : this.publisher.getOptions().entrySet()) {
			connInfo = connInfo.with(option.getKey(), option.getValue());
		}
		return connInfo;
	}

	private @Nullable ConnInfo fromFields() {
		int before = this.problems.size();
		if (!StringUtils.hasText(this.publisher.getHost())) {
			SettingRef host = this.subscription.setting(Setting.PUBLISHER_HOST);
			problem(host, Message.of("no publisher host is set"), Message.of("Set ", host,
					" (with port, database and username), or ",
					this.subscription.setting(Setting.PUBLISHER_CONNECTION_STRING)));
		}
		if (!StringUtils.hasText(this.publisher.getDatabase())) {
			SettingRef database = this.subscription.setting(Setting.PUBLISHER_DATABASE);
			problem(database, Message.of("no publisher database is set"), Message.of("Set ", database));
		}
		if (this.publisher.getPort() < 1 || this.publisher.getPort() > 65535) {
			problem(Setting.PUBLISHER_PORT, this.publisher.getPort() + " is not a port", "Use a port between 1 and 65535");
		}
		if (this.problems.size() > before) {
			return null;
		}
		return ConnInfo.builder()
			.host(this.publisher.getHost())
			.port(this.publisher.getPort())
			.database(this.publisher.getDatabase())
			.user(this.publisher.getUsername())
			.password(this.publisher.getPassword())
			.options(this.publisher.getOptions())
			.build();
	}

	private void problem(Setting setting, String message, String action) {
		problem(this.subscription.setting(setting), Message.of(message), Message.of(action));
	}

	private void problem(SettingRef setting, Message message, Message action) {
		this.problems.add(new DesiredStateProblem(setting, message, action));
	}

}
