package io.pgrepl.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * A server from the embedded binaries (io.zonky.test), whose major version is chosen at build time
 * by {@code -Dpg.version}. The data directory survives {@link #stop()}, so a test can take the
 * server away and bring it back on the same port.
 */
final class EmbeddedPostgresServer extends PostgresServer {

	/** How long a stopped server's postmaster may take to exit before it is killed. */
	private static final int STOP_TIMEOUT_SECONDS = 15;

	private final Map<String, String> config;

	private final Path dataDirectory;

	private int port;

	private @Nullable EmbeddedPostgres postgres;

	EmbeddedPostgresServer(String name, Map<String, String> config) {
		super(name);
		this.config = Map.copyOf(config);
		try {
			this.dataDirectory = Files.createTempDirectory("pgrepl-" + name + "-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		start();
	}

	@Override
	public String host() {
		return "localhost";
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	public String peerHost() {
		return host();
	}

	@Override
	public int peerPort() {
		return port();
	}

	@Override
	public synchronized void start() {
		if (this.postgres != null) {
			return;
		}
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(this.dataDirectory)
			.setCleanDataDirectory(false)
			.setDataDirectoryCustomizer(EmbeddedPostgresServer::writeHba);
		if (this.port != 0) {
			builder.setPort(this.port);
		}
		this.config.forEach(builder::setServerConfig);
		try {
			this.postgres = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start embedded PostgreSQL '" + name() + "'", ex);
		}
		this.port = this.postgres.getPort();
	}

	/**
	 * Stops the server with {@code pg_ctl stop -m fast}. The embedded library logs a stop that
	 * fails or times out and goes on, which would leave the postmaster running after the JVM: one
	 * still running then is killed, its processes with it.
	 */
	@Override
	public synchronized void stop() {
		EmbeddedPostgres running = this.postgres;
		this.postgres = null;
		if (running != null) {
			ProcessHandle postmaster = postmaster();
			try {
				running.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			finally {
				if (postmaster != null) {
					awaitOrKill(postmaster);
				}
			}
		}
	}

	private @Nullable ProcessHandle postmaster() {
		try {
			long pid = Long.parseLong(Files.readAllLines(this.dataDirectory.resolve("postmaster.pid")).get(0).strip());
			return ProcessHandle.of(pid).orElse(null);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	private void awaitOrKill(ProcessHandle postmaster) {
		try {
			postmaster.onExit().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
			return;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// still running: killed below
		}
		if (postmaster.isAlive()) {
			List<ProcessHandle> processes = new ArrayList<>(postmaster.descendants().toList());
			System.err.println("pgrepl tests: PostgreSQL '" + name() + "' still running " + STOP_TIMEOUT_SECONDS
					+ "s after pg_ctl stop; killing postmaster " + postmaster.pid() + " and its " + processes.size()
					+ " processes");
			postmaster.destroyForcibly();
			processes.forEach(ProcessHandle::destroyForcibly);
		}
	}

	@Override
	public synchronized void freeze() {
		signal("STOP");
	}

	@Override
	public synchronized void thaw() {
		signal("CONT");
	}

	/**
	 * Sends a signal to the postmaster, then to every process it started: once it is stopped, it
	 * starts no other. A process that ended meanwhile (a backend whose client left) is no failure.
	 */
	private void signal(String name) {
		if (this.postgres == null) {
			return;
		}
		try {
			long pid = Long.parseLong(Files.readAllLines(this.dataDirectory.resolve("postmaster.pid")).get(0).strip());
			ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
			if (kill(name, List.of(postmaster)) != 0) {
				throw new IllegalStateException("kill -" + name + " of " + this + "'s postmaster " + pid + " failed");
			}
			List<ProcessHandle> processes = postmaster.descendants().toList();
			if (!processes.isEmpty() && kill(name, processes) != 0 && processes.stream().allMatch(ProcessHandle::isAlive)) {
				throw new IllegalStateException("kill -" + name + " of the processes of " + this + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while signalling " + this, ex);
		}
	}

	private static int kill(String name, List<ProcessHandle> processes) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("kill", "-" + name));
		processes.forEach((process) -> command.add(String.valueOf(process.pid())));
		return new ProcessBuilder(command).inheritIO().start().waitFor();
	}

	@Override
	public synchronized void kill() {
		EmbeddedPostgres running = this.postgres;
		if (running == null) {
			return;
		}
		try {
			long pid = Long.parseLong(Files.readAllLines(this.dataDirectory.resolve("postmaster.pid")).get(0).strip());
			ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
			List<ProcessHandle> children = postmaster.children().toList();
			new ProcessBuilder("kill", "-9", String.valueOf(pid)).inheritIO().start().waitFor();
			postmaster.onExit().get(30, TimeUnit.SECONDS);
			// Its backends notice the postmaster's death and exit; a new postmaster waits for them
			// anyway, since they hold the shared memory.
			for (ProcessHandle child : children) {
				child.onExit().get(30, TimeUnit.SECONDS);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot kill " + this, ex);
		}
		this.postgres = null;
		try {
			running.close();
		}
		catch (IOException | RuntimeException ex) {
			// pg_ctl stop finds no server: that is the point
		}
	}

	@Override
	public synchronized void close() {
		stop();
		deleteRecursively(this.dataDirectory.toFile());
	}

	private static void writeHba(File dataDirectory) {
		try {
			Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), hbaRules("127.0.0.1/32", "::1/128"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void deleteRecursively(File file) {
		File[] children = file.listFiles();
		if (children != null) {
			for (File child : children) {
				deleteRecursively(child);
			}
		}
		file.delete();
	}

}
