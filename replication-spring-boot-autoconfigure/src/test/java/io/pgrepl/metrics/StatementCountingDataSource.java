package io.pgrepl.metrics;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** A real {@link DataSource} that counts the statements its connections prepare or create. */
final class StatementCountingDataSource {

	private final AtomicInteger statements = new AtomicInteger();

	private final DataSource dataSource;

	StatementCountingDataSource(DataSource delegate) {
		this.dataSource = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
					Object result = invoke(delegate, method, args);
					return (result instanceof Connection connection) ? counting(connection) : result;
				});
	}

	DataSource dataSource() {
		return this.dataSource;
	}

	int statements() {
		return this.statements.get();
	}

	void reset() {
		this.statements.set(0);
	}

	private Connection counting(Connection connection) {
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, args) -> {
					if (method.getName().equals("prepareStatement") || method.getName().equals("createStatement")
							|| method.getName().equals("prepareCall")) {
						this.statements.incrementAndGet();
					}
					return invoke(connection, method, args);
				});
	}

	private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
