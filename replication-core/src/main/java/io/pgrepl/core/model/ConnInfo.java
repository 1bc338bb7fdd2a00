package io.pgrepl.core.model;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A libpq connection string, the form {@code CREATE SUBSCRIPTION ... CONNECTION} takes. Built from
 * parts with {@link #builder()} or read with {@link #parse(String)} (keyword/value or
 * {@code postgresql://} URI). Every value is written single-quoted with libpq escapes, so spaces,
 * quotes and backslashes survive. {@link #toString()} masks the password; only
 * {@link #toConnectionString()} reveals it, for the server.
 */
public final class ConnInfo {

	/** What a masked password reads as. */
	public static final String MASK = "********";

	private static final Pattern KEYWORD = Pattern.compile("[a-z_]+");

	private final Map<String, String> parameters;

	private ConnInfo(Map<String, String> parameters) {
		this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Reads a keyword/value connection string ({@code host=db port=5432 password='a b'}) or a URI
	 * ({@code postgresql://user:secret@db:5432/app?sslmode=require}).
	 */
	public static ConnInfo parse(String connectionString) {
		Objects.requireNonNull(connectionString, "connectionString");
		String trimmed = connectionString.strip();
		if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
			return parseUri(trimmed);
		}
		return parseKeywordValue(trimmed);
	}

	/**
	 * Replaces every password in {@code text}, in keyword/value or URI form, with {@link #MASK}. Safe
	 * on any text: SQL, log lines, server error messages. Short for {@link Secrets#NONE}{@code .mask(text)}.
	 */
	public static String maskPasswords(@Nullable String text) {
		return Secrets.NONE.mask(text);
	}

	public Map<String, String> parameters() {
		return this.parameters;
	}

	public @Nullable String get(String keyword) {
		return this.parameters.get(keyword);
	}

	public @Nullable String host() {
		String host = get("host");
		return (host != null) ? host : get("hostaddr");
	}

	public @Nullable Integer port() {
		String port = get("port");
		return (port != null && !port.contains(",")) ? Integer.valueOf(port) : null;
	}

	public @Nullable String database() {
		return get("dbname");
	}

	public @Nullable String user() {
		return get("user");
	}

	public @Nullable String password() {
		return get("password");
	}

	/** The same connection string with the given keyword set (or replaced). */
	public ConnInfo with(String keyword, String value) {
		Map<String, String> copy = new LinkedHashMap<>(this.parameters);
		copy.put(checkKeyword(keyword), value);
		return new ConnInfo(copy);
	}

	/** The same connection string without the keyword. */
	public ConnInfo without(String keyword) {
		Map<String, String> copy = new LinkedHashMap<>(this.parameters);
		copy.remove(keyword);
		return new ConnInfo(copy);
	}

	/** The connection string to send to PostgreSQL, password included. Never log it. */
	public String toConnectionString() {
		return render(false);
	}

	/** The connection string with its password masked. */
	@Override
	public String toString() {
		return render(true);
	}

	/**
	 * A (non-pooling) JDBC {@link DataSource} for the same server, for the application's own reads
	 * of the publisher. Maps the libpq keywords that pgjdbc shares; others are left to the server.
	 */
	public DataSource toDataSource() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		String host = host();
		String[] hosts = (host != null) ? host.split(",") : new String[] { "localhost" };
		dataSource.setServerNames(hosts);
		String port = get("port");
		if (port != null) {
			dataSource.setPortNumbers(Arrays.stream(port.split(",")).mapToInt(Integer::parseInt).toArray());
		}
		String database = database();
		dataSource.setDatabaseName((database != null) ? database : user());
		dataSource.setUser(user());
		dataSource.setPassword(password());
		String sslmode = get("sslmode");
		if (sslmode != null) {
			dataSource.setSslMode(sslmode);
		}
		String sslRootCert = get("sslrootcert");
		if (sslRootCert != null) {
			dataSource.setSslRootCert(sslRootCert);
		}
		String sslCert = get("sslcert");
		if (sslCert != null) {
			dataSource.setSslCert(sslCert);
		}
		String sslKey = get("sslkey");
		if (sslKey != null) {
			dataSource.setSslKey(sslKey);
		}
		String connectTimeout = get("connect_timeout");
		dataSource.setConnectTimeout((connectTimeout != null) ? Integer.parseInt(connectTimeout) : 10);
		// a server that accepts the connection and never answers cannot hold the caller forever
		dataSource.setLoginTimeout(10);
		dataSource.setSocketTimeout(60);
		String options = get("options");
		if (options != null) {
			dataSource.setOptions(options);
		}
		dataSource.setApplicationName("pgrepl");
		return dataSource;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof ConnInfo that) && this.parameters.equals(that.parameters);
	}

	@Override
	public int hashCode() {
		return this.parameters.hashCode();
	}

	private String render(boolean mask) {
		StringBuilder text = new StringBuilder();
		this.parameters.forEach((keyword, value) -> {
			if (!text.isEmpty()) {
				text.append(' ');
			}
			String shown = (mask && keyword.equals("password")) ? MASK : value;
			text.append(keyword).append('=').append(quoteValue(shown));
		});
		return text.toString();
	}

	/** libpq: single quotes around the value; backslash and single quote escaped by a backslash. */
	static String quoteValue(String value) {
		return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
	}

	private static String checkKeyword(String keyword) {
		if (keyword == null || !KEYWORD.matcher(keyword).matches()) {
			throw new ReplicationArgumentException("connection string", "'" + keyword
					+ "' is not a libpq connection keyword (lower case letters and underscores only)");
		}
		return keyword;
	}

	private static ConnInfo parseKeywordValue(String text) {
		Map<String, String> parameters = new LinkedHashMap<>();
		int i = 0;
		int length = text.length();
		while (i < length) {
			while (i < length && Character.isWhitespace(text.charAt(i))) {
				i++;
			}
			if (i >= length) {
				break;
			}
			int keywordStart = i;
			while (i < length && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
				i++;
			}
			String keyword = text.substring(keywordStart, i);
			while (i < length && Character.isWhitespace(text.charAt(i))) {
				i++;
			}
			if (i >= length || text.charAt(i) != '=') {
				throw new ReplicationArgumentException("connection string",
						"Connection string keyword '" + keyword + "' has no value (expected keyword=value)");
			}
			i++;
			while (i < length && Character.isWhitespace(text.charAt(i))) {
				i++;
			}
			StringBuilder value = new StringBuilder();
			if (i < length && text.charAt(i) == '\'') {
				i++;
				boolean closed = false;
				while (i < length) {
					char c = text.charAt(i++);
					if (c == '\\' && i < length) {
						value.append(text.charAt(i++));
					}
					else if (c == '\'') {
						closed = true;
						break;
					}
					else {
						value.append(c);
					}
				}
				if (!closed) {
					throw new ReplicationArgumentException("connection string",
							"Connection string value of '" + keyword + "' has an unterminated quote");
				}
			}
			else {
				while (i < length && !Character.isWhitespace(text.charAt(i))) {
					char c = text.charAt(i++);
					if (c == '\\' && i < length) {
						value.append(text.charAt(i++));
					}
					else {
						value.append(c);
					}
				}
			}
			parameters.put(checkKeyword(keyword), value.toString());
		}
		return new ConnInfo(parameters);
	}

	private static ConnInfo parseUri(String uri) {
		Map<String, String> parameters = new LinkedHashMap<>();
		String rest = uri.substring(uri.indexOf("://") + 3);
		String query = null;
		int questionMark = rest.indexOf('?');
		if (questionMark >= 0) {
			query = rest.substring(questionMark + 1);
			rest = rest.substring(0, questionMark);
		}
		int slash = rest.indexOf('/');
		String authority = (slash >= 0) ? rest.substring(0, slash) : rest;
		String database = (slash >= 0) ? rest.substring(slash + 1) : "";
		int at = authority.lastIndexOf('@');
		if (at >= 0) {
			String userInfo = authority.substring(0, at);
			authority = authority.substring(at + 1);
			int colon = userInfo.indexOf(':');
			putIfNotEmpty(parameters, "user", decode((colon >= 0) ? userInfo.substring(0, colon) : userInfo));
			if (colon >= 0) {
				putIfNotEmpty(parameters, "password", decode(userInfo.substring(colon + 1)));
			}
		}
		if (!authority.isEmpty()) {
			int portColon = authority.lastIndexOf(':');
			boolean ipv6 = authority.endsWith("]");
			if (portColon >= 0 && !ipv6 && !authority.substring(portColon).contains("]")) {
				putIfNotEmpty(parameters, "host", decode(authority.substring(0, portColon)).replace("[", "").replace("]", ""));
				putIfNotEmpty(parameters, "port", authority.substring(portColon + 1));
			}
			else {
				putIfNotEmpty(parameters, "host", decode(authority).replace("[", "").replace("]", ""));
			}
		}
		putIfNotEmpty(parameters, "dbname", decode(database));
		if (query != null) {
			for (String pair : query.split("&")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					parameters.put(checkKeyword(decode(pair.substring(0, equals))), decode(pair.substring(equals + 1)));
				}
			}
		}
		return new ConnInfo(parameters);
	}

	private static void putIfNotEmpty(Map<String, String> parameters, String keyword, String value) {
		if (!value.isEmpty()) {
			parameters.put(keyword, value);
		}
	}

	private static String decode(String text) {
		return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	/** Builds a connection string from its parts; unset parts are left to libpq's defaults. */
	public static final class Builder {

		private final Map<String, String> parameters = new LinkedHashMap<>();

		private Builder() {
		}

		public Builder host(@Nullable String host) {
			return set("host", host);
		}

		public Builder port(@Nullable Integer port) {
			return set("port", (port != null) ? port.toString() : null);
		}

		public Builder database(@Nullable String database) {
			return set("dbname", database);
		}

		public Builder user(@Nullable String user) {
			return set("user", user);
		}

		public Builder password(@Nullable String password) {
			return set("password", password);
		}

		/** Any other libpq keyword, e.g. {@code sslmode}. */
		public Builder option(String keyword, @Nullable String value) {
			return set(checkKeyword(keyword), value);
		}

		public Builder options(Map<String, String> options) {
			options.forEach(this::option);
			return this;
		}

		public ConnInfo build() {
			return new ConnInfo(this.parameters);
		}

		private Builder set(String keyword, @Nullable String value) {
			if (value == null || value.isEmpty()) {
				this.parameters.remove(keyword);
			}
			else {
				this.parameters.put(keyword, value);
			}
			return this;
		}

	}

}
