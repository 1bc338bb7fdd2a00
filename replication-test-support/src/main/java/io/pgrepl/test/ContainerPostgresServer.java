package io.pgrepl.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.testcontainers.containers.Network;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A server in a Docker container (the official {@code postgres:<major>} image). Containers of one
 * JVM share a network, so a subscriber reaches its publisher by alias on port 5432 while the test
 * JVM uses the mapped port.
 */
final class ContainerPostgresServer extends PostgresServer {

	private static final Network network = Network.newNetwork();

	private final PostgreSQLContainer container;

	ContainerPostgresServer(String name, int majorVersion, Map<String, String> config) {
		super(name);
		List<String> command = new ArrayList<>(List.of("postgres"));
		config.forEach((key, value) -> {
			command.add("-c");
			command.add(key + "=" + value);
		});
		this.container = new PostgreSQLContainer("postgres:" + majorVersion)
			.withNetwork(network)
			.withNetworkAliases(name)
			.withUsername(SUPERUSER)
			.withPassword(SUPERUSER)
			.withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
			.withCommand(command.toArray(String[]::new));
		this.container.start();
	}

	@Override
	public String host() {
		return this.container.getHost();
	}

	@Override
	public int port() {
		return this.container.getMappedPort(5432);
	}

	@Override
	public String peerHost() {
		return name();
	}

	@Override
	public int peerPort() {
		return 5432;
	}

	@Override
	public void stop() {
		this.container.getDockerClient().stopContainerCmd(this.container.getContainerId()).exec();
	}

	@Override
	public void start() {
		this.container.getDockerClient().startContainerCmd(this.container.getContainerId()).exec();
	}

	@Override
	public void close() {
		this.container.stop();
	}

}
