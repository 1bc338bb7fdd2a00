package io.pgrepl.autoconfigure;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;
import org.springframework.core.Ordered;

/**
 * A {@link DatabaseInitializerDetector} for {@link ReplicationInitializer}: beans that use the
 * database (JdbcTemplate, JPA, ...) start after the reconcile. Ordered after Flyway, Liquibase and
 * SQL script initialization, whose tables the publications may name.
 */
class ReplicationDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	static final int PRECEDENCE = Ordered.LOWEST_PRECEDENCE - 50;

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(ReplicationInitializer.class);
	}

	@Override
	public int getOrder() {
		return PRECEDENCE;
	}

}
