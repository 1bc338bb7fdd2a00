package io.pgrepl.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The passwords that must not leave pgrepl, and the one function that masks them: {@link #mask}.
 * Every password in keyword/value or URI form is masked whether it is known or not; the known ones
 * (those of the connection strings given) are masked wherever else they appear too, for example
 * when a server quotes a value back in its error message.
 */
public final class Secrets {

	/** No known password: only those written as {@code password=...} or in a URI are masked. */
	public static final Secrets NONE = new Secrets(List.of());

	private static final Pattern KEYWORD_PASSWORD = Pattern
		.compile("(?i)(password\\s*=\\s*)(''(?:\\\\''|[^'])*''|'(?:\\\\.|[^'\\\\])*'?|\\S+)");

	private static final Pattern URI_PASSWORD = Pattern.compile("(?i)(postgres(?:ql)?://[^:@/\\s]*:)([^@\\s]*)(@)");

	private static final Pattern URI_QUERY_PASSWORD = Pattern.compile("(?i)([?&]password=)([^&\\s]*)");

	private final List<String> passwords;

	private Secrets(List<String> passwords) {
		this.passwords = passwords;
	}

	/** The passwords of these connection strings. */
	public static Secrets of(@Nullable ConnInfo... connectionStrings) {
		return of(Arrays.asList(connectionStrings));
	}

	/** The passwords of these connection strings. */
	public static Secrets of(Collection<? extends @Nullable ConnInfo> connectionStrings) {
		return NONE.and(connectionStrings.stream()
			.filter(Objects::nonNull)
			.map(ConnInfo::password)
			.toArray(String[]::new));
	}

	/** These secrets and the given passwords ({@code null} and empty ones are ignored). */
	public Secrets and(@Nullable String... passwords) {
		Set<String> known = new LinkedHashSet<>(this.passwords);
		for (String password : passwords) {
			if (password != null && !password.isEmpty()) {
				// as given and quoted for libpq, each also inside a SQL literal, plain or E'' (Identifiers.literal)
				String quoted = password.replace("\\", "\\\\").replace("'", "\\'");
				for (String form : List.of(password, quoted)) {
					String inLiteral = form.replace("'", "''");
					known.addAll(List.of(form, inLiteral, inLiteral.replace("\\", "\\\\")));
				}
			}
		}
		if (known.size() == this.passwords.size()) {
			return this;
		}
		// longest first, so that a password containing another is not left half masked
		List<String> longestFirst = new ArrayList<>(known);
		longestFirst.sort(Comparator.comparingInt(String::length).reversed());
		return new Secrets(List.copyOf(longestFirst));
	}

	/**
	 * Replaces every password in {@code text} with {@link ConnInfo#MASK}: any in keyword/value or
	 * URI form, and the known ones wherever they appear. Safe on any text: SQL, log lines, server
	 * error messages.
	 */
	public String mask(@Nullable String text) {
		if (text == null) {
			return "";
		}
		String mask = Matcher.quoteReplacement(ConnInfo.MASK);
		String masked = KEYWORD_PASSWORD.matcher(text).replaceAll("$1" + mask);
		masked = URI_PASSWORD.matcher(masked).replaceAll("$1" + mask + "$3");
		masked = URI_QUERY_PASSWORD.matcher(masked).replaceAll("$1" + mask);
		for (String password : this.passwords) {
			masked = masked.replace(password, ConnInfo.MASK);
		}
		return masked;
	}

	/** Never shows the passwords. */
	@Override
	public String toString() {
		return "Secrets[" + ConnInfo.MASK + "]";
	}

}
