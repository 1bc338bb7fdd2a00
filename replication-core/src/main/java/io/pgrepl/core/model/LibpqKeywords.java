package io.pgrepl.core.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The libpq connection keywords, the one list pgrepl checks connection options against, with the
 * first PostgreSQL major version whose libpq knows each and, where libpq accepts only some values,
 * those values. A subscription's connection string is parsed by the subscriber server's libpq
 * ({@code CREATE SUBSCRIPTION} refuses an unknown keyword with {@code invalid connection option}),
 * so a keyword is checked against that server's version.
 * <p>
 * Source: "Parameter Key Words" of the libpq chapter, PostgreSQL 14 to 18
 * (https://www.postgresql.org/docs/18/libpq-connect.html#LIBPQ-PARAMKEYWORDS), which is
 * {@code PQconninfoOptions} in {@code src/interfaces/libpq/fe-connect.c}. {@code requiressl}
 * (deprecated since 7.2 in favour of {@code sslmode}) is left out on purpose, and so are the
 * OAuth and SCRAM pass-through keywords of 18, which a subscription cannot use.
 */
public final class LibpqKeywords {

	private static final int OLDEST = 14;

	private static final Set<String> BOOLEAN = Set.of("0", "1");

	private static final Map<String, Keyword> KEYWORDS = keywords();

	private LibpqKeywords() {
	}

	/** One keyword: since which major version, and the values it accepts ({@code null}: any text). */
	record Keyword(String name, int since, @Nullable Set<String> values, boolean integer) {
	}

	/** Every keyword that some supported version knows. */
	public static Set<String> all() {
		return KEYWORDS.keySet();
	}

	/** Whether libpq of this major version knows the keyword. */
	public static boolean knows(String keyword, int majorVersion) {
		Keyword known = KEYWORDS.get(keyword);
		return known != null && known.since() <= majorVersion;
	}

	/** The first major version whose libpq knows the keyword, or {@code null} for an unknown one. */
	public static @Nullable Integer since(String keyword) {
		Keyword known = KEYWORDS.get(keyword);
		return (known != null) ? known.since() : null;
	}

	/**
	 * What is wrong with {@code keyword = value}, in words that do not repeat the value of a
	 * secret, or {@code null} when libpq accepts it.
	 */
	public static @Nullable String problem(String keyword, String value) {
		Keyword known = KEYWORDS.get(keyword);
		if (known == null) {
			String closest = DidYouMean.closest(keyword, KEYWORDS.keySet());
			return "'" + keyword + "' is not a libpq connection keyword"
					+ ((closest != null) ? " (did you mean '" + closest + "'?)" : "");
		}
		if (known.values() != null && !known.values().contains(value)) {
			return "'" + value + "' is not a value of " + keyword + ": use one of "
					+ String.join(", ", known.values().stream().sorted().toList());
		}
		if (known.integer() && !value.strip().matches("\\d+")) {
			return "'" + value + "' is not a value of " + keyword + ": use a whole number";
		}
		return null;
	}

	private static Map<String, Keyword> keywords() {
		Map<String, Keyword> keywords = new LinkedHashMap<>();
		for (String name : List.of("host", "hostaddr", "dbname", "user", "password", "passfile", "options",
				"application_name", "fallback_application_name", "client_encoding", "service", "requirepeer",
				"krbsrvname", "gsslib", "sslcert", "sslkey", "sslpassword", "sslrootcert", "sslcrl", "sslcrldir")) {
			add(keywords, name, OLDEST, null, false);
		}
		for (String name : List.of("port", "connect_timeout", "keepalives_idle", "keepalives_interval",
				"keepalives_count", "tcp_user_timeout")) {
			add(keywords, name, OLDEST, null, true);
		}
		add(keywords, "keepalives", OLDEST, BOOLEAN, false);
		add(keywords, "sslcompression", OLDEST, BOOLEAN, false);
		add(keywords, "sslsni", OLDEST, BOOLEAN, false);
		add(keywords, "replication", OLDEST, Set.of("true", "on", "yes", "1", "false", "off", "no", "0", "database"),
				false);
		add(keywords, "sslmode", OLDEST, Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full"),
				false);
		add(keywords, "gssencmode", OLDEST, Set.of("disable", "prefer", "require"), false);
		add(keywords, "channel_binding", OLDEST, Set.of("disable", "prefer", "require"), false);
		add(keywords, "target_session_attrs", OLDEST,
				Set.of("any", "read-write", "read-only", "primary", "standby", "prefer-standby"), false);
		Set<String> tls = Set.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
		add(keywords, "ssl_min_protocol_version", OLDEST, tls, false);
		add(keywords, "ssl_max_protocol_version", OLDEST, tls, false);
		add(keywords, "require_auth", 16, null, false);
		add(keywords, "sslcertmode", 16, Set.of("disable", "allow", "require"), false);
		add(keywords, "load_balance_hosts", 16, Set.of("disable", "random"), false);
		add(keywords, "gssdelegation", 16, BOOLEAN, false);
		add(keywords, "sslnegotiation", 17, Set.of("postgres", "direct"), false);
		add(keywords, "sslkeylogfile", 18, null, false);
		add(keywords, "min_protocol_version", 18, Set.of("3.0", "3.2", "latest"), false);
		add(keywords, "max_protocol_version", 18, Set.of("3.0", "3.2", "latest"), false);
		return Map.copyOf(keywords);
	}

	private static void add(Map<String, Keyword> keywords, String name, int since, @Nullable Set<String> values,
			boolean integer) {
		keywords.put(name, new Keyword(name, since, values, integer));
	}

}
