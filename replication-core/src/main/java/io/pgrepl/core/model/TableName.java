package io.pgrepl.core.model;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A table as PostgreSQL names it: schema and relation name, both exact (no case folding).
 *
 * <p>
 * From a string: {@code "orders"} is {@code public.orders}, {@code "sales.orders"} is schema
 * {@code sales}; a part in double quotes may hold dots ({@code "\"my.schema\".orders"}). From a
 * class: the schema and name of its {@code jakarta.persistence.Table} or Spring Data
 * {@code org.springframework.data.relational.core.mapping.Table} annotation (read reflectively,
 * neither needs to be on the classpath), otherwise the snake_case of the simple class name.
 *
 * @param schema the schema, e.g. {@code public}
 * @param name the relation name
 */
public record TableName(String schema, String name) implements Comparable<TableName> {

	public static final String DEFAULT_SCHEMA = "public";

	private static final String JAKARTA_TABLE = "jakarta.persistence.Table";

	private static final String SPRING_DATA_TABLE = "org.springframework.data.relational.core.mapping.Table";

	public TableName {
		Identifiers.requireValid(schema, "schema");
		Identifiers.requireValid(name, "table name");
	}

	/**
	 * A table from a {@link String}, a {@link Class} or a {@link TableName}.
	 * @param table the table
	 * @return its name
	 */
	public static TableName of(Object table) {
		if (table instanceof TableName tableName) {
			return tableName;
		}
		if (table instanceof CharSequence text) {
			return parse(text.toString());
		}
		if (table instanceof Class<?> type) {
			return ofClass(type);
		}
		throw new ReplicationArgumentException("tables", "A table is a name (String), a class or a TableName, not "
				+ ((table != null) ? table.getClass().getName() : "null"));
	}

	/** Names of several tables; see {@link #of(Object)}. */
	public static List<TableName> allOf(Iterable<?> tables) {
		List<TableName> names = new ArrayList<>();
		int index = 0;
		for (Object table : tables) {
			try {
				TableName name = of(table);
				if (!names.contains(name)) {
					names.add(name);
				}
			}
			catch (ReplicationArgumentException ex) {
				throw new ReplicationArgumentException("tables[" + index + "]", "tables[" + index + "]: " + ex.getMessage());
			}
			index++;
		}
		return List.copyOf(names);
	}

	/** Parses {@code table}, {@code schema.table} or double-quoted parts. */
	public static TableName parse(String qualifiedName) {
		List<String> parts = splitQualified(qualifiedName);
		if (parts.size() == 1) {
			return new TableName(DEFAULT_SCHEMA, parts.get(0));
		}
		if (parts.size() == 2) {
			return new TableName(parts.get(0), parts.get(1));
		}
		throw new ReplicationArgumentException("tables", "'" + qualifiedName
				+ "' is not a table name: use table or schema.table (double-quote a part that holds a dot)");
	}

	/** {@code "schema"."name"}, safe to put in SQL. */
	public String quoted() {
		return Identifiers.quote(this.schema) + "." + Identifiers.quote(this.name);
	}

	@Override
	public String toString() {
		return displayPart(this.schema) + "." + displayPart(this.name);
	}

	@Override
	public int compareTo(TableName other) {
		int bySchema = this.schema.compareTo(other.schema);
		return (bySchema != 0) ? bySchema : this.name.compareTo(other.name);
	}

	private static String displayPart(String part) {
		return part.matches("[a-z_][a-z0-9_$]*") ? part : Identifiers.quote(part);
	}

	private static List<String> splitQualified(String text) {
		if (text.isEmpty()) {
			throw new ReplicationArgumentException("tables", "A table name must not be empty");
		}
		List<String> parts = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		boolean quoted = false;
		boolean partWasQuoted = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '"') {
					if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
						current.append('"');
						i++;
					}
					else {
						quoted = false;
					}
				}
				else {
					current.append(c);
				}
			}
			else if (c == '"' && current.length() == 0 && !partWasQuoted) {
				quoted = true;
				partWasQuoted = true;
			}
			else if (c == '.') {
				parts.add(current.toString());
				current.setLength(0);
				partWasQuoted = false;
			}
			else if (partWasQuoted) {
				throw new ReplicationArgumentException("tables", "'" + text
						+ "' is not a table name: nothing may follow a closing double quote but a dot");
			}
			else {
				current.append(c);
			}
		}
		if (quoted) {
			throw new ReplicationArgumentException("tables", "'" + text + "' has an unclosed double quote");
		}
		parts.add(current.toString());
		return parts;
	}

	private static TableName ofClass(Class<?> type) {
		for (String annotationName : List.of(JAKARTA_TABLE, SPRING_DATA_TABLE)) {
			Annotation annotation = findAnnotation(type, annotationName);
			if (annotation != null) {
				String name = firstNonEmpty(annotation, "name", "value");
				String schema = firstNonEmpty(annotation, "schema");
				return new TableName((schema != null) ? schema : DEFAULT_SCHEMA,
						(name != null) ? name : snakeCase(type.getSimpleName()));
			}
		}
		return new TableName(DEFAULT_SCHEMA, snakeCase(type.getSimpleName()));
	}

	private static @Nullable Annotation findAnnotation(Class<?> type, String annotationName) {
		for (Annotation annotation : type.getAnnotations()) {
			if (annotation.annotationType().getName().equals(annotationName)) {
				return annotation;
			}
		}
		return null;
	}

	private static @Nullable String firstNonEmpty(Annotation annotation, String... attributes) {
		for (String attribute : attributes) {
			try {
				Method method = annotation.annotationType().getMethod(attribute);
				Object value = method.invoke(annotation);
				if (value instanceof String text && !text.isEmpty()) {
					return text;
				}
			}
			catch (NoSuchMethodException ex) {
				// this annotation has no such attribute
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("Cannot read " + attribute + " of " + annotation, ex);
			}
		}
		return null;
	}

	/** {@code OrderLine} → {@code order_line}, {@code HTTPRequest} → {@code http_request}. */
	static String snakeCase(String simpleName) {
		String withBoundaries = simpleName.replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
			.replaceAll("([a-z0-9])([A-Z])", "$1_$2");
		return withBoundaries.toLowerCase(Locale.ROOT);
	}

}
