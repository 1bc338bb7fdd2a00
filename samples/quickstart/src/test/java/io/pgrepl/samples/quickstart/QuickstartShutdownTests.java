package io.pgrepl.samples.quickstart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Stopping the demo leaves no PostgreSQL process and no data directory behind. */
class QuickstartShutdownTests {

	@Test
	void closingTheDemoStopsBothEmbeddedServersAndDeletesTheirData() {
		List<Server> servers = new ArrayList<>();
		try (Quickstart quickstart = QuickstartApplication.start("--server.port=0")) {
			servers.add(Server.of(quickstart.publisher()));
			servers.add(Server.of(quickstart.subscriber()));
			assertThat(servers).allSatisfy((server) -> {
				assertThat(server.alive()).isTrue();
				assertThat(server.dataDirectory()).isDirectory();
			});
			assertThat(servers.get(0).postmasterPid()).isNotEqualTo(servers.get(1).postmasterPid());
		}

		assertThat(servers).allSatisfy((server) -> {
			assertThat(server.alive()).as("postmaster %d is alive", server.postmasterPid()).isFalse();
			assertThat(server.dataDirectory()).doesNotExist();
		});
	}

	/** An embedded server as its own catalog describes it. */
	private record Server(long postmasterPid, Path dataDirectory) {

		static Server of(ConfigurableApplicationContext application) {
			JdbcTemplate jdbcTemplate = application.getBean(JdbcTemplate.class);
			// The first line of postmaster.pid is the postmaster's process id.
			String pidFile = jdbcTemplate.queryForObject("select pg_read_file('postmaster.pid')", String.class);
			String dataDirectory = jdbcTemplate.queryForObject("select current_setting('data_directory')", String.class);
			return new Server(Long.parseLong(pidFile.lines().findFirst().orElseThrow().trim()), Path.of(dataDirectory));
		}

		boolean alive() {
			return ProcessHandle.of(this.postmasterPid).map(ProcessHandle::isAlive).orElse(false);
		}

	}

}
