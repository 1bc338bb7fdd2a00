package io.pgrepl.samples.quickstart;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping the demo stops both PostgreSQL servers and deletes their data. A stopped server is one
 * whose port refuses connections: its postmaster process may linger a moment as a zombie until
 * its parent (init, since pg_ctl daemonizes it) reaps it.
 */
class QuickstartShutdownTests {

	@Test
	void closingTheDemoStopsBothEmbeddedServersAndDeletesTheirData() {
		List<Server> servers = new ArrayList<>();
		try (Quickstart quickstart = QuickstartApplication.start("--server.port=0")) {
			servers.add(Server.of(quickstart.publisher(), "publisher"));
			servers.add(Server.of(quickstart.subscriber(), "subscriber"));
			assertThat(servers).allSatisfy((server) -> {
				assertThat(server.acceptsConnections()).isTrue();
				assertThat(server.dataDirectory()).isDirectory();
			});
			assertThat(servers.get(0).port()).isNotEqualTo(servers.get(1).port());
		}

		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(servers).allSatisfy((server) -> {
			assertThat(server.acceptsConnections()).as("%s accepts connections", server).isFalse();
			assertThat(server.dataDirectory()).doesNotExist();
		}));
	}

	/** An embedded server: its port and the data directory it reports. */
	private record Server(int port, Path dataDirectory) {

		static Server of(ConfigurableApplicationContext application, String role) {
			JdbcTemplate jdbcTemplate = application.getBean(JdbcTemplate.class);
			String dataDirectory = jdbcTemplate.queryForObject("select current_setting('data_directory')", String.class);
			int port = application.getEnvironment().getRequiredProperty("quickstart." + role + ".port", Integer.class);
			return new Server(port, Path.of(dataDirectory));
		}

		boolean acceptsConnections() {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("localhost", this.port), 1000);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}

	}

}
