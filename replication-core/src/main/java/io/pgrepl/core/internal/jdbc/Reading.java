package io.pgrepl.core.internal.jdbc;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import io.pgrepl.core.model.Side;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.common.BaseDataSource;

/**
 * Which server each thread is reading, as {@link PgSession#open} last connected to it: so that a
 * caller that gave up waiting for another thread (a health snapshot taken in the background) can
 * say which server did not answer, by its side and {@code host:port}, never with a password.
 */
public final class Reading {

	private static final Pattern HOST_PORT = Pattern.compile("^jdbc:postgresql://([^/?]*)");

	private static final Map<Thread, Server> servers = new ConcurrentHashMap<>();

	private Reading() {
	}

	/**
	 * What the thread is reading; {@code null} when it reads nothing through a session.
	 * @param thread the thread
	 */
	public static @Nullable Server of(Thread thread) {
		return servers.get(thread);
	}

	static Server begin(Side side, DataSource dataSource) {
		Server server = new Server(side, where(dataSource));
		servers.put(Thread.currentThread(), server);
		return server;
	}

	static void end(Server server) {
		servers.remove(Thread.currentThread(), server);
	}

	/** The {@code host:port} behind a pgjdbc data source or a pool with a JDBC URL, if it says. */
	private static @Nullable String where(DataSource dataSource) {
		try {
			if (dataSource.isWrapperFor(BaseDataSource.class)) {
				BaseDataSource pg = dataSource.unwrap(BaseDataSource.class);
				String[] hosts = pg.getServerNames();
				int[] ports = pg.getPortNumbers();
				if (hosts.length > 0) {
					return hosts[0] + ((ports.length > 0 && ports[0] != 0) ? ":" + ports[0] : "");
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			// a data source that cannot tell: the side alone names it
		}
		for (String getter : new String[] { "getJdbcUrl", "getUrl" }) {
			try {
				Method method = dataSource.getClass().getMethod(getter);
				if (method.invoke(dataSource) instanceof String url) {
					Matcher matcher = HOST_PORT.matcher(url);
					if (matcher.find()) {
						String hostPort = matcher.group(1);
						return hostPort.substring(hostPort.lastIndexOf('@') + 1);
					}
				}
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				// no such getter on this data source
			}
		}
		return null;
	}

	/**
	 * A server being read.
	 *
	 * @param side what it is to the user
	 * @param address its {@code host:port}, when the data source tells
	 */
	public record Server(Side side, @Nullable String address) {

	}

}
