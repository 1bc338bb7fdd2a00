package io.pgrepl.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server on loopback that accepts TCP connections and never says a word: what a stopped
 * postmaster, a stuck load balancer or a full network buffer look like to a client.
 */
public final class SilentServer implements AutoCloseable {

	private final ServerSocket socket;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	public SilentServer() {
		try {
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.acceptor = new Thread(this::accept, "silent-server");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	public String host() {
		return this.socket.getInetAddress().getHostAddress();
	}

	public int port() {
		return this.socket.getLocalPort();
	}

	/** How many connections it has accepted. */
	public int accepted() {
		return this.accepted.size();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				this.accepted.add(this.socket.accept());
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
			for (Socket client : this.accepted) {
				client.close();
			}
		}
		catch (IOException ex) {
			// nothing left to do
		}
	}

}
