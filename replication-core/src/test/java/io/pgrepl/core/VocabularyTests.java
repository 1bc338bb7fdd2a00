package io.pgrepl.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.pgrepl.core.model.Setting;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core speaks its own vocabulary: a message points at a {@link Setting}, and only an adapter
 * (the Spring Boot starter) knows what its users call it. So no configuration key appears in the
 * core's main code.
 */
class VocabularyTests {

	private static final Path MAIN = Path.of("src/main/java");

	/** Keys of the starter that name no core setting. */
	private static final List<String> STARTER_ONLY_KEYS = List.of("jdbc-url", "lock-timeout");

	private static final Pattern KEY = Pattern.compile("\\breplication\\.[a-z*]|\\b(?:" + kebabKeys().stream()
		.map(Pattern::quote)
		.collect(Collectors.joining("|")) + ")\\b");

	@Test
	void mainCodeSpellsNoConfigurationKey() throws IOException {
		List<String> found = new ArrayList<>();
		List<Path> sources;
		try (Stream<Path> files = Files.walk(MAIN)) {
			sources = files.filter((path) -> path.toString().endsWith(".java")).toList();
		}
		assertThat(sources).as("the core's sources").hasSizeGreaterThan(50);
		for (Path file : sources) {
			String[] lines = withoutComments(Files.readString(file)).split("\n", -1);
			for (int i = 0; i < lines.length; i++) {
				Matcher key = KEY.matcher(lines[i]);
				if (key.find()) {
					found.add(MAIN.relativize(file) + ":" + (i + 1) + ": " + key.group());
				}
			}
		}
		assertThat(found).as("configuration keys in the core").isEmpty();
	}

	@Test
	void theScanRecognisesKeys() {
		assertThat(KEY.matcher("\"replication.publications.\" + name").find()).isTrue();
		assertThat(KEY.matcher("property + \".all-tables\"").find()).isTrue();
		assertThat(KEY.matcher("\".create-tables to true\"").find()).isTrue();
		assertThat(KEY.matcher("\"lag-critical\"").find()).isTrue();
		assertThat(KEY.matcher("pg_stat_replication.pid, logical replication. Two-phase commit").find()).isFalse();
		assertThat(withoutComments("a /* all-tables */ b\n\t// create-tables\nc")).isEqualTo("a  b\n\nc");
	}

	/** {@code all-tables}, {@code slot-name}, ... as a starter spells each setting's last word. */
	private static List<String> kebabKeys() {
		List<String> keys = new ArrayList<>(STARTER_ONLY_KEYS);
		for (Setting setting : Setting.values()) {
			String key = setting.name().replaceFirst("^PUBLISHER_", "").toLowerCase(Locale.ROOT).replace('_', '-');
			if (key.contains("-")) {
				keys.add(key);
			}
		}
		return keys;
	}

	/** Prose may say "two-phase commit"; code may not say {@code two-phase}. */
	private static String withoutComments(String source) {
		String code = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL)
			.matcher(source)
			.replaceAll((comment) -> "\n".repeat((int) comment.group().chars().filter((c) -> c == '\n').count()));
		return code.replaceAll("(?m)^[ \\t]*//.*$", "");
	}

}
