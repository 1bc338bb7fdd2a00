package io.pgrepl.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.pgrepl.core.model.DidYouMean;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.Order;

/**
 * Explains a {@code replication.*} property that pgrepl does not have ({@code ReplicationProperties}
 * binds with {@code ignoreUnknownFields = false}), with the closest property it does have: a typo
 * such as {@code replication.publicatons} or {@code create-table} would otherwise be ignored and its
 * intent silently lost. Ahead of Boot's own analyzer of unbound properties, which has no suggestion.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnknownPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> {

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("replication");

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
		List<ConfigurationProperty> unknown = cause.getUnboundProperties()
			.stream()
			.filter((property) -> ROOT.isAncestorOf(property.getName()))
			.toList();
		if (unknown.isEmpty()) {
			return null;
		}
		List<String> descriptions = new ArrayList<>();
		List<String> actions = new ArrayList<>();
		for (ConfigurationProperty property : unknown) {
			String name = written(property.getName());
			String suggestion = suggestion(property.getName());
			descriptions.add("\n    Property: " + name + "\n    Problem:  pgrepl has no such property"
					+ ((property.getOrigin() != null) ? " (" + property.getOrigin() + ")" : ""));
			actions.add(name + ": " + ((suggestion != null) ? "did you mean " + suggestion + "?"
					: "remove it, or see the configuration table of the README for the properties under replication"));
		}
		return new FailureAnalysis(
				"The replication configuration cannot be carried out; nothing was changed in the database:\n"
						+ String.join("\n", descriptions),
				actions.stream().collect(Collectors.joining("\n")), cause);
	}

	/**
	 * The name with its first unknown element replaced by the closest property of the class found
	 * there, or {@code null} when none is close.
	 */
	static @Nullable String suggestion(ConfigurationPropertyName name) {
		Class<?> type = ReplicationProperties.class;
		StringBuilder known = new StringBuilder("replication");
		for (int i = 1; i < name.getNumberOfElements(); i++) {
			String element = name.getElement(i, ConfigurationPropertyName.Form.DASHED);
			if (name.isNumericIndex(i)) {
				known.append('[').append(element).append(']');
				continue;
			}
			Map<String, PropertyDescriptor> properties = properties(type);
			PropertyDescriptor property = properties.get(element);
			if (property == null) {
				String closest = DidYouMean.closest(element, properties.keySet());
				if (closest == null) {
					return null;
				}
				known.append('.').append(closest);
				for (int j = i + 1; j < name.getNumberOfElements(); j++) {
					known.append('.').append(name.getElement(j, ConfigurationPropertyName.Form.ORIGINAL));
				}
				return known.toString();
			}
			known.append('.').append(element);
			ResolvableType propertyType = ResolvableType.forMethodReturnType(property.getReadMethod());
			if (propertyType.asMap() != ResolvableType.NONE) {
				if (i + 1 < name.getNumberOfElements()) {
					known.append('.').append(name.getElement(++i, ConfigurationPropertyName.Form.ORIGINAL));
				}
				propertyType = propertyType.asMap().getGeneric(1);
			}
			else if (propertyType.asCollection() != ResolvableType.NONE) {
				propertyType = propertyType.asCollection().getGeneric(0);
			}
			type = propertyType.resolve(Object.class);
			if (!type.getName().startsWith(ReplicationProperties.class.getName())) {
				return null;
			}
		}
		return null;
	}

	/** The name with its elements as written: the uniform form would drop a map key's underscores. */
	private static String written(ConfigurationPropertyName name) {
		StringBuilder written = new StringBuilder();
		for (int i = 0; i < name.getNumberOfElements(); i++) {
			String element = name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL);
			if (name.isNumericIndex(i)) {
				written.append('[').append(element).append(']');
			}
			else {
				written.append((i > 0) ? "." : "").append(element);
			}
		}
		return written.toString();
	}

	/** The bound properties of a properties class, by their dashed name. */
	private static Map<String, PropertyDescriptor> properties(Class<?> type) {
		Map<String, PropertyDescriptor> properties = new LinkedHashMap<>();
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getReadMethod() != null && !descriptor.getName().equals("class")) {
				properties.put(dashed(descriptor.getName()), descriptor);
			}
		}
		return properties;
	}

	private static String dashed(String camelCase) {
		StringBuilder dashed = new StringBuilder();
		for (char c : camelCase.toCharArray()) {
			if (Character.isUpperCase(c)) {
				dashed.append('-').append(Character.toLowerCase(c));
			}
			else {
				dashed.append(c);
			}
		}
		return dashed.toString();
	}

}
