package io.pgrepl.samples.quickstart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import io.pgrepl.autoconfigure.ReplicationProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration reference against the starter's configuration metadata
 * ({@code META-INF/spring-configuration-metadata.json}, generated from {@code ReplicationProperties}
 * with the additional metadata merged in): the same properties both ways, with the same defaults.
 * Map entries are written {@code replication.publications.*.tables} in both.
 */
class ConfigurationReferenceTests {

	/** A row of the reference table: {@code | `name` | default | version | description |}. */
	private static final Pattern ROW = Pattern.compile("^\\| `(replication\\.[^`]+)` \\|([^|]*)\\|", Pattern.MULTILINE);

	private final Map<String, String> documented = documentedProperties();

	private final Metadata metadata = Metadata.load();

	@Test
	void everyDocumentedPropertyExistsInTheMetadata() {
		assertThat(this.documented.keySet()).as("properties in README.md (extra = not in the metadata)")
			.isNotEmpty()
			.isSubsetOf(this.metadata.properties().keySet());
	}

	@Test
	void everyPropertyInTheMetadataIsDocumented() {
		assertThat(this.metadata.leafProperties()).as("properties in the metadata (extra = not in README.md)")
			.isNotEmpty()
			.isSubsetOf(this.documented.keySet());
	}

	@Test
	void documentedDefaultsAreTheMetadataDefaults() {
		Map<String, String> expected = new LinkedHashMap<>();
		this.metadata.properties().forEach((name, defaultValue) -> {
			if (this.documented.containsKey(name)) {
				expected.put(name, (defaultValue != null) ? "`" + defaultValue + "`" : "no literal default");
			}
		});
		Map<String, String> actual = new LinkedHashMap<>();
		this.documented.forEach((name, cell) -> actual.put(name, cell.startsWith("`") ? cell : "no literal default"));
		assertThat(actual).as("defaults in README.md").containsExactlyInAnyOrderEntriesOf(expected);
	}

	/** Property name → its default cell, trimmed. */
	private static Map<String, String> documentedProperties() {
		Matcher matcher = ROW.matcher(Readme.load().section("configuration-reference"));
		Map<String, String> properties = new LinkedHashMap<>();
		while (matcher.find()) {
			String previous = properties.put(matcher.group(1), matcher.group(2).trim());
			assertThat(previous).as("%s is documented twice", matcher.group(1)).isNull();
		}
		return properties;
	}

	/**
	 * The {@code replication.*} properties of every metadata file on the classpath, with their
	 * defaults rendered as the README writes them ({@code 60s}, {@code [insert, update]}).
	 */
	private record Metadata(Map<String, String> properties, Set<String> groups) {

		private static final List<String> FILES = List.of("META-INF/spring-configuration-metadata.json",
				"META-INF/additional-spring-configuration-metadata.json");

		static Metadata load() {
			Map<String, String> properties = new LinkedHashMap<>();
			Set<String> groups = new TreeSet<>();
			try (URLClassLoader module = starterModule()) {
				for (String file : FILES) {
					try (InputStream in = module.getResourceAsStream(file)) {
						assertThat(in).as("%s of the auto-configuration module", file).isNotNull();
						Object json = JsonPath.parse(in).json();
						List<Map<String, Object>> entries = JsonPath.read(json, "$.properties[*]");
						entries.forEach((entry) -> add(properties, entry.get("name").toString(),
								render(entry.get("defaultValue"))));
						List<String> groupNames = JsonPath.read(json, "$.groups[*].name");
						groups.addAll(groupNames);
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return new Metadata(properties, groups);
		}

		/** Resources of the module (classes directory or jar) that holds ReplicationProperties, alone. */
		private static URLClassLoader starterModule() {
			URL location = ReplicationProperties.class.getProtectionDomain().getCodeSource().getLocation();
			return new URLClassLoader(new URL[] { location }, null);
		}

		/**
		 * Properties a user sets. A map of objects ({@code replication.publications}) is not one:
		 * its entries are, described by the group {@code replication.publications.*}.
		 */
		Set<String> leafProperties() {
			return this.properties.keySet()
				.stream()
				.filter((name) -> !this.groups.contains(name + ".*"))
				.collect(Collectors.toCollection(TreeSet::new));
		}

		/** The generated file repeats the additional metadata: a default given in either counts. */
		/**
		 * Only {@code replication.*}: the endpoint's {@code management.endpoint.replication.*}
		 * are Actuator's own, documented with the endpoint.
		 */
		private static void add(Map<String, String> properties, String name, String defaultValue) {
			if (name.startsWith("replication.") && properties.get(name) == null) {
				properties.put(name, defaultValue);
			}
		}

		private static String render(Object value) {
			if (value == null) {
				return null;
			}
			if (value instanceof List<?> list) {
				return list.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
			}
			return String.valueOf(value);
		}

	}

}
