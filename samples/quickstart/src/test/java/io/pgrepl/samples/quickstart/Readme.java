package io.pgrepl.samples.quickstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's README.md, read by the tests that keep it honest. Parts are found by HTML
 * comment markers ({@code <!-- name -->}), which do not show when the README is rendered.
 */
final class Readme {

	private final String text;

	private Readme(String text) {
		this.text = text;
	}

	/** The README of the repository this module is built in (surefire runs in the module directory). */
	static Readme load() {
		Path path = Path.of("../../README.md").toAbsolutePath().normalize();
		try {
			return new Readme(Files.readString(path));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + path, ex);
		}
	}

	/** The text between {@code <!-- name -->} and {@code <!-- /name -->}. */
	String section(String name) {
		int start = indexOf("<!-- " + name + " -->");
		int end = this.text.indexOf("<!-- /" + name + " -->", start);
		if (end < 0) {
			throw new IllegalStateException("README.md has no <!-- /" + name + " --> after <!-- " + name + " -->");
		}
		return this.text.substring(start, end);
	}

	/** The content of the first {@code ```sql} block after {@code <!-- name -->}. */
	String sqlBlock(String name) {
		int marker = indexOf("<!-- " + name + " -->");
		int start = this.text.indexOf("```sql\n", marker);
		int end = this.text.indexOf("\n```", start);
		if (start < 0 || end < 0) {
			throw new IllegalStateException("README.md has no ```sql block after <!-- " + name + " -->");
		}
		return this.text.substring(start + "```sql\n".length(), end + 1);
	}

	private int indexOf(String marker) {
		int index = this.text.indexOf(marker);
		if (index < 0) {
			throw new IllegalStateException("README.md has no " + marker);
		}
		return index;
	}

}
