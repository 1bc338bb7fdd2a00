package io.pgrepl.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.pgrepl.test.TestDatabase;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts real Spring Boot applications (non-web) configured only by properties, against the test
 * servers. {@link #properties(TestDatabase, TestDatabase)} exposes both databases as
 * {@code test.*} placeholders for YAML files and property maps.
 */
final class TestApplications {

	private TestApplications() {
	}

	/** An application that manages {@code database}, with these properties. */
	static ConfigurableApplicationContext start(TestDatabase database, Map<String, Object> properties,
			Class<?>... sources) {
		return builder(sources).properties(managing(database, properties)).run();
	}

	/** A web application on a random port that manages {@code database}, with these properties. */
	static ConfigurableApplicationContext startWeb(TestDatabase database, Map<String, Object> web,
			Map<String, Object> properties) {
		Map<String, Object> all = new LinkedHashMap<>(web);
		all.putAll(properties);
		return builder().web(WebApplicationType.SERVLET).properties(managing(database, all)).run();
	}

	private static Map<String, Object> managing(TestDatabase database, Map<String, Object> properties) {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("spring.datasource.url", database.jdbcUrl());
		all.put("spring.datasource.username", "postgres");
		all.put("spring.datasource.hikari.maximum-pool-size", "3");
		all.putAll(properties);
		return all;
	}

	static SpringApplicationBuilder builder(Class<?>... sources) {
		Class<?>[] all = new Class<?>[sources.length + 1];
		all[0] = App.class;
		System.arraycopy(sources, 0, all, 1, sources.length);
		return new SpringApplicationBuilder(all).web(WebApplicationType.NONE).logStartupInfo(false);
	}

	/** The two databases as placeholders: {@code test.publisher.host|port|database|url}, same for subscriber. */
	static Map<String, Object> properties(TestDatabase publisher, TestDatabase subscriber) {
		Map<String, Object> properties = new LinkedHashMap<>();
		put(properties, "publisher", publisher);
		put(properties, "subscriber", subscriber);
		return properties;
	}

	/**
	 * Properties of subscription {@code orders_sub} to publication {@code orders_pub} of this
	 * publisher database, connecting as {@code username}.
	 */
	static Map<String, Object> ordersSubscription(TestDatabase publisher, String username) {
		Map<String, Object> properties = new LinkedHashMap<>();
		String prefix = "replication.subscriptions.orders_sub.";
		properties.put(prefix + "publisher.host", publisher.server().peerHost());
		properties.put(prefix + "publisher.port", publisher.server().peerPort());
		properties.put(prefix + "publisher.database", publisher.name());
		properties.put(prefix + "publisher.username", username);
		properties.put(prefix + "publications", "orders_pub");
		return properties;
	}

	private static void put(Map<String, Object> properties, String prefix, TestDatabase database) {
		properties.put("test." + prefix + ".host", database.server().peerHost());
		properties.put("test." + prefix + ".port", database.server().peerPort());
		properties.put("test." + prefix + ".database", database.name());
		properties.put("test." + prefix + ".url", database.jdbcUrl());
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
