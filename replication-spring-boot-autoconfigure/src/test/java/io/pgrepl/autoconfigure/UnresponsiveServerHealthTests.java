package io.pgrepl.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pgrepl.test.SilentServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/health} answers within {@code replication.timeouts.health} over real HTTP when
 * the managed database accepts TCP and never answers, DOWN and naming it, where it would otherwise
 * wait for pgjdbc's login timeout.
 */
class UnresponsiveServerHealthTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void healthOfADatabaseThatNeverAnswersIsDownWithinTheHealthTimeout() throws Exception {
		try (SilentServer silent = new SilentServer()) {
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("server.port", "0");
			properties.put("management.endpoint.health.show-details", "always");
			// Spring Boot's own db indicator would wait for the login timeout: only pgrepl's is measured
			properties.put("management.health.db.enabled", "false");
			properties.put("spring.datasource.url", "jdbc:postgresql://" + silent.host() + ":" + silent.port()
					+ "/app?sslmode=disable&connectTimeout=60&loginTimeout=60&socketTimeout=60");
			properties.put("spring.datasource.username", "app");
			properties.put("spring.datasource.hikari.connection-timeout", "60000");
			properties.put("replication.mode", "none");
			properties.put("replication.publications.orders_pub.tables", "orders");
			properties.put("replication.timeouts.health", "2s");
			try (ConfigurableApplicationContext app = TestApplications.builder()
				.web(WebApplicationType.SERVLET)
				.properties(properties)
				.run()) {
				URI health = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port")
						+ "/actuator/health");
				for (int i = 0; i < 2; i++) {
					long started = System.nanoTime();
					HttpResponse<String> response = this.http.send(
							HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(30)).build(),
							HttpResponse.BodyHandlers.ofString());
					assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
					assertThat(response.statusCode()).isEqualTo(503);
					assertThat(response.body()).contains("\"DOWN\"")
						.contains("the publisher did not answer within 2s (" + silent.host() + ":" + silent.port()
								+ ")");
				}
			}
		}
	}

}
