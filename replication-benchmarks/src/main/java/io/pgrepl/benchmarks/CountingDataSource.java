package io.pgrepl.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * Counts what reaches a server through a {@link DataSource}: physical connections opened
 * ({@code getConnection()}; put it under a pool to count the pool's own opens) and statements
 * executed ({@code execute*} on any statement, prepared or not). {@code prepareStatement} alone
 * sends nothing until executed, so it is not counted.
 */
final class CountingDataSource {

	private final AtomicLong connections = new AtomicLong();

	private final AtomicLong statements = new AtomicLong();

	/** The target, counted. Several targets may share one counter (one per server). */
	DataSource wrap(DataSource target) {
		return proxy(DataSource.class, target, (result) -> {
			if (result instanceof Connection connection) {
				this.connections.incrementAndGet();
				return countStatements(connection);
			}
			return result;
		});
	}

	long connections() {
		return this.connections.get();
	}

	long statements() {
		return this.statements.get();
	}

	void reset() {
		this.connections.set(0);
		this.statements.set(0);
	}

	private Connection countStatements(Connection connection) {
		return proxy(Connection.class, connection,
				(result) -> (result instanceof Statement statement) ? countExecutions(statement) : result);
	}

	private Statement countExecutions(Statement statement) {
		Class<? extends Statement> type = (statement instanceof CallableStatement) ? CallableStatement.class
				: (statement instanceof PreparedStatement) ? PreparedStatement.class : Statement.class;
		InvocationHandler handler = (proxy, method, arguments) -> {
			if (method.getName().startsWith("execute")) {
				this.statements.incrementAndGet();
			}
			return invoke(statement, method, arguments);
		};
		return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type }, handler));
	}

	private static <T> T proxy(Class<T> type, T target, Decorator decorator) {
		InvocationHandler handler = (proxy, method, arguments) -> {
			if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
				return invoke(target, method, arguments);
			}
			return decorator.decorate(invoke(target, method, arguments));
		};
		return type.cast(Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] { type },
				handler));
	}

	private static @Nullable Object invoke(Object target, Method method, @Nullable Object[] arguments)
			throws Throwable {
		try {
			return method.invoke(target, arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	@FunctionalInterface
	private interface Decorator {

		@Nullable Object decorate(@Nullable Object result);

	}

}
