package io.pgrepl.samples.quickstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

/** Real HTTP requests to an application's Actuator health endpoint. */
final class HealthEndpoint {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private HealthEndpoint() {
	}

	/** The response to {@code GET url}: 200 when UP, 503 when DOWN, both with a JSON body. */
	static Response get(String url) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
		try {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A health response: its HTTP status and JSON body. */
	record Response(int status, String body) {

		/** The value at a JSON path such as {@code $.components.replication.status}. */
		<T> T read(String path) {
			DocumentContext json = JsonPath.parse(this.body);
			return json.read(path);
		}

	}

}
