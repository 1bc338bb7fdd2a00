package io.pgrepl.autoconfigure;

import java.util.List;
import javax.sql.DataSource;

import io.pgrepl.autoconfigure.ReplicationProperties.Publisher;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.ReplicationArgumentException;
import io.pgrepl.core.plan.DesiredStateProblem;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.util.StringUtils;

/**
 * The two routes to a subscription's publisher: the libpq connection string that the subscriber
 * server uses ({@code CREATE SUBSCRIPTION ... CONNECTION}), and the {@link DataSource} through which
 * this application reads the publisher's catalog, which is the same route unless {@code jdbc-url}
 * says otherwise. Problems name their property and never carry the password.
 */
final class PublisherConnection {

	private final Publisher publisher;

	private final String property;

	private final List<DesiredStateProblem> problems;

	/**
	 * @param publisher the publisher block
	 * @param property its property, e.g. {@code replication.subscriptions.s.publisher}
	 * @param problems where problems are added
	 */
	PublisherConnection(Publisher publisher, String property, List<DesiredStateProblem> problems) {
		this.publisher = publisher;
		this.property = property;
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
			problem(".options", "an option is not a libpq connection keyword",
					"Use libpq keywords (lower case letters and underscores), such as sslmode");
			return null;
		}
	}

	/** How this application connects to the publisher. */
	DataSource dataSource(ConnInfo connInfo) {
		String jdbcUrl = this.publisher.getJdbcUrl();
		if (!StringUtils.hasText(jdbcUrl)) {
			return connInfo.toDataSource();
		}
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		try {
			dataSource.setURL(jdbcUrl);
		}
		catch (IllegalArgumentException ex) {
			problem(".jdbc-url", "is not a PostgreSQL JDBC URL", "Use jdbc:postgresql://host:port/database");
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

	/** The property to name when the publisher cannot be reached. */
	String routeProperty() {
		if (StringUtils.hasText(this.publisher.getJdbcUrl())) {
			return this.property + ".jdbc-url";
		}
		return this.property + (StringUtils.hasText(this.publisher.getConnectionString()) ? ".connection-string" : ".host");
	}

	private @Nullable ConnInfo fromConnectionString(String connectionString) {
		if (StringUtils.hasText(this.publisher.getHost()) || StringUtils.hasText(this.publisher.getDatabase())
				|| StringUtils.hasText(this.publisher.getUsername())) {
			problem(".connection-string", "is set together with host, database or username",
					"Set either connection-string or host, port, database and username, not both");
			return null;
		}
		ConnInfo connInfo;
		try {
			connInfo = ConnInfo.parse(connectionString);
		}
		catch (ReplicationArgumentException ex) {
			// The parser's message may quote a fragment of a malformed password: name the property only.
			problem(".connection-string", "is not a valid libpq connection string",
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
			problem(".host", "no publisher host is set",
					"Set " + this.property + ".host (with port, database and username), or " + this.property
							+ ".connection-string");
		}
		if (!StringUtils.hasText(this.publisher.getDatabase())) {
			problem(".database", "no publisher database is set", "Set " + this.property + ".database");
		}
		if (this.publisher.getPort() < 1 || this.publisher.getPort() > 65535) {
			problem(".port", this.publisher.getPort() + " is not a port", "Use a port between 1 and 65535");
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

	private void problem(String suffix, String message, String action) {
		this.problems.add(new DesiredStateProblem(this.property + suffix, message, action));
	}

}
