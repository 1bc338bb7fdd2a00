package io.pgrepl.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pgrepl.benchmarks.app.BenchmarkApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The subscribing application as a user writes it: {@code spring.datasource} to the subscriber,
 * {@code replication.subscriptions} for the built state, Actuator health over HTTP. Started in this
 * JVM, so a start is timed warm (classes loaded and compiled by the earlier starts).
 */
final class SubscriberApplication implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newHttpClient();

	private final int port;

	/**
	 * @param mode {@code replication.mode} ({@code apply}, {@code none}...), or {@code disabled} for
	 * {@code replication.enabled=false}: the same application as without the starter, with neither
	 * reconcile nor replication health; {@code disabled-init} for that application running a
	 * {@code schema.sql} at startup (one {@code SELECT 1}), as an application with Flyway or JPA opens
	 * its pool before it is started
	 */
	SubscriberApplication(Endpoint publisher, Endpoint subscriber, BenchmarkState state, String mode) {
		this.context = new SpringApplicationBuilder(BenchmarkApplication.class)
			.properties(properties(publisher, subscriber, state, mode))
			.run();
		this.port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	/** Starts and closes the application; the start is what is timed. */
	static long startNanos(Endpoint publisher, Endpoint subscriber, BenchmarkState state, String mode) {
		long startedAt = System.nanoTime();
		try (SubscriberApplication application = new SubscriberApplication(publisher, subscriber, state, mode)) {
			return System.nanoTime() - startedAt;
		}
	}

	/** GETs the path; a status other than 200 or 503 (a DOWN health) stops the run. */
	void get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200 && response.statusCode() != 503) {
			throw new IllegalStateException(
					"GET " + path + " answered " + response.statusCode() + ": " + response.body());
		}
	}

	private static Map<String, Object> properties(Endpoint publisher, Endpoint subscriber, BenchmarkState state,
			String mode) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", "0");
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.main.log-startup-info", "false");
		properties.put("spring.datasource.url",
				"jdbc:postgresql://" + subscriber.host() + ":" + subscriber.port() + "/" + subscriber.database());
		properties.put("spring.datasource.username", subscriber.user());
		properties.put("spring.datasource.password", subscriber.password());
		properties.put("spring.datasource.driver-class-name", ConnectionCountingDriver.class.getName());
		properties.put("management.endpoints.web.exposure.include", "health");
		properties.put("management.endpoint.health.show-details", "always");
		boolean disabled = mode.startsWith("disabled");
		properties.put("replication.enabled", String.valueOf(!disabled));
		if (mode.equals("disabled-init")) {
			properties.put("spring.sql.init.mode", "always");
			properties.put("spring.sql.init.schema-locations", "classpath:io/pgrepl/benchmarks/app/open-the-pool.sql");
		}
		// every request takes a snapshot: the cost measured is a check's, not a cache hit's
		properties.put("replication.health.cache", "0s");
		if (!disabled) {
			properties.put("replication.mode", mode);
		}
		state.subscriptions().forEach((name, definition) -> {
			String prefix = "replication.subscriptions." + name + ".";
			properties.put(prefix + "publisher.host", publisher.peerHost());
			properties.put(prefix + "publisher.port", String.valueOf(publisher.peerPort()));
			properties.put(prefix + "publisher.database", publisher.database());
			properties.put(prefix + "publisher.username", publisher.user());
			properties.put(prefix + "publisher.password", publisher.password());
			properties.put(prefix + "publications", String.join(",", definition.publications()));
		});
		return properties;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
