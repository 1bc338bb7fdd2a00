package io.pgrepl.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.pgrepl.core.model.Message;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SettingRef;
import io.pgrepl.core.plan.DesiredStateProblem;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Map keys as the user wrote them. Spring's binder drops the characters it does not accept in a
 * property name ({@code replication.publications.sh'op.tables} binds publication {@code shop}),
 * so a name checked after binding may not be the name written: the raw names of the property
 * sources are compared with what the binder reads from them, and a key that differs is refused,
 * named as written.
 */
final class RawPropertyKeys {

	private static final String PUBLICATIONS = "replication.publications.";

	private static final String SUBSCRIPTIONS = "replication.subscriptions.";

	private static final String OPTIONS = ".publisher.options.";

	private RawPropertyKeys() {
	}

	/** A problem for every publication, subscription or option key the binder would change. */
	static List<DesiredStateProblem> check(Environment environment) {
		List<DesiredStateProblem> problems = new ArrayList<>();
		if (!(environment instanceof ConfigurableEnvironment configurable)) {
			return problems;
		}
		for (PropertySource<?> source : configurable.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> enumerable) {
				for (String name : enumerable.getPropertyNames()) {
					check(name, problems);
				}
			}
		}
		return problems;
	}

	private static void check(String name, List<DesiredStateProblem> problems) {
		String lower = name.toLowerCase(Locale.ROOT);
		if (lower.startsWith(PUBLICATIONS)) {
			String key = key(name, PUBLICATIONS.length());
			if (key != null && !key.equals(bound(key))) {
				problems.add(problem(SettingRef.publication(key), key));
			}
		}
		else if (lower.startsWith(SUBSCRIPTIONS)) {
			String key = key(name, SUBSCRIPTIONS.length());
			if (key == null) {
				return;
			}
			if (!key.equals(bound(key))) {
				problems.add(problem(SettingRef.subscription(key), key));
				return;
			}
			int options = SUBSCRIPTIONS.length() + key.length();
			if (lower.startsWith(OPTIONS, options)) {
				String option = key(name, options + OPTIONS.length());
				if (option != null && !option.equals(bound(option))) {
					problems.add(problem(SettingRef.subscription(key).setting(Setting.PUBLISHER_OPTIONS).key(option),
							option));
				}
			}
		}
		// Keys in brackets are taken as written: there is nothing to compare.
	}

	/** The dotted key starting at {@code start}, or {@code null} for a bracketed or an empty one. */
	private static @Nullable String key(String name, int start) {
		int end = start;
		while (end < name.length() && name.charAt(end) != '.' && name.charAt(end) != '[') {
			end++;
		}
		return (end > start) ? name.substring(start, end) : null;
	}

	/** The key as the binder reads it from a property name. */
	private static String bound(String key) {
		ConfigurationPropertyName adapted = ConfigurationPropertyName.adapt(key, '.');
		return adapted.isEmpty() ? "" : adapted.getElement(0, ConfigurationPropertyName.Form.ORIGINAL);
	}

	private static DesiredStateProblem problem(SettingRef setting, String key) {
		String bound = bound(key);
		return new DesiredStateProblem(setting,
				Message.of("the key '" + key + "' would be bound as '" + bound
						+ "': Spring drops the characters it does not accept in a property name"),
				Message.of("Use a plain name (letters, digits, underscores); a key with other characters must be "
						+ "written in brackets, [" + key + "], and is then checked as written"));
	}

}
