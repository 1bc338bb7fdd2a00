package io.pgrepl.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A server in a Docker container (the official {@code postgres:<major>} image). Containers of one
 * JVM share a network, so a subscriber reaches its publisher by alias on port 5432 while the test
 * JVM uses the mapped port.
 */
final class ContainerPostgresServer extends PostgresServer {

	private static final Network network = Network.newNetwork();

	private final PostgreSQLContainer container;

	private int port;

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
		this.port = this.container.getMappedPort(5432);
		requirePasswordsLikeTheEmbeddedServers();
	}

	/** The image trusts every client; the harness wants scram for every role but the superuser. */
	private void requirePasswordsLikeTheEmbeddedServers() {
		String hbaFile;
		try (Connection connection = dataSource("postgres").getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("show hba_file")) {
			resultSet.next();
			hbaFile = resultSet.getString(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot read hba_file of " + this, ex);
		}
		this.container.copyFileToContainer(Transferable.of(hbaRules("0.0.0.0/0", "::/0")), hbaFile);
		executeAsSuperuser("postgres", "select pg_reload_conf()");
	}

	@Override
	public String host() {
		return this.container.getHost();
	}

	@Override
	public int port() {
		return this.port;
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

	/**
	 * Starts the stopped container again. Docker may bind 5432 to another host port on a restart, so
	 * the port is read again, then the server is awaited.
	 */
	@Override
	public void start() {
		DockerClient docker = this.container.getDockerClient();
		docker.startContainerCmd(this.container.getContainerId()).exec();
		Ports.Binding[] bindings = docker.inspectContainerCmd(this.container.getContainerId())
			.exec()
			.getNetworkSettings()
			.getPorts()
			.getBindings()
			.get(ExposedPort.tcp(5432));
		this.port = Integer.parseInt(bindings[0].getHostPortSpec());
		TestDatabase.await(() -> {
			try (Connection connection = dataSource("postgres").getConnection()) {
				return true;
			}
		}, this + " to accept connections after a restart");
	}

	@Override
	public void close() {
		this.container.stop();
	}

}
