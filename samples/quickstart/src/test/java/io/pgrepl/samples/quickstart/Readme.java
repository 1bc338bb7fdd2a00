package io.pgrepl.samples.quickstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's README.md, or one of its docs/ pages, read by the tests that keep them honest.
 * Parts are found by HTML comment markers ({@code <!-- name -->}), which do not show when the page
 * is rendered.
 */
final class Readme {

	private final String file;

	private final String text;

	private Readme(String file, String text) {
		this.file = file;
		this.text = text;
	}

	/** The README of the repository this module is built in. */
	static Readme load() {
		return load("README.md");
	}

	/**
	 * A page of the repository this module is built in (surefire runs in the module directory).
	 * @param file its path from the repository root, e.g. {@code docs/postgresql-setup.md}
	 */
	static Readme load(String file) {
		Path path = Path.of("../..").resolve(file).toAbsolutePath().normalize();
		try {
			return new Readme(file, Files.readString(path));
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
			throw new IllegalStateException(this.file + " has no <!-- /" + name + " --> after <!-- " + name + " -->");
		}
		return this.text.substring(start, end);
	}

	/** The content of the first {@code ```sql} block after {@code <!-- name -->}. */
	String sqlBlock(String name) {
		int marker = indexOf("<!-- " + name + " -->");
		int start = this.text.indexOf("```sql\n", marker);
		int end = this.text.indexOf("\n```", start);
		if (start < 0 || end < 0) {
			throw new IllegalStateException(this.file + " has no ```sql block after <!-- " + name + " -->");
		}
		return this.text.substring(start + "```sql\n".length(), end + 1);
	}

	private int indexOf(String marker) {
		int index = this.text.indexOf(marker);
		if (index < 0) {
			throw new IllegalStateException(this.file + " has no " + marker);
		}
		return index;
	}

}
