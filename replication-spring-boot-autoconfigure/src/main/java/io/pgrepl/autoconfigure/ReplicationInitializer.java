package io.pgrepl.autoconfigure;

import javax.sql.DataSource;

import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.Reconciler;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;

/**
 * Reconciles the managed database with the {@code replication.*} configuration when the
 * application starts, before the beans that use the database (like Flyway's migration
 * initializer): {@code apply} makes it match, {@code validate} fails startup on any difference,
 * {@code plan} logs what apply would do, {@code none} does nothing.
 */
public class ReplicationInitializer implements InitializingBean {

	private final DataSource dataSource;

	private final ReplicationProperties properties;

	private volatile @Nullable DesiredState desiredState;

	/**
	 * @param dataSource the managed database
	 * @param properties the configuration
	 */
	public ReplicationInitializer(DataSource dataSource, ReplicationProperties properties) {
		this.dataSource = dataSource;
		this.properties = properties;
	}

	/** The database this initializer manages. */
	public DataSource getDataSource() {
		return this.dataSource;
	}

	/** The configured publications and subscriptions, as core's desired state. */
	public DesiredState getDesiredState() {
		DesiredState desired = this.desiredState;
		if (desired == null) {
			desired = DesiredStateMapper.map(this.properties);
			this.desiredState = desired;
		}
		return desired;
	}

	@Override
	public void afterPropertiesSet() {
		if (this.properties.getMode() == ReplicationProperties.Mode.NONE) {
			return;
		}
		DesiredState desired = getDesiredState();
		if (desired.isEmpty()) {
			return;
		}
		Reconciler reconciler = new Reconciler(this.dataSource, desired, this.properties.getLockTimeout());
		switch (this.properties.getMode()) {
			case APPLY -> reconciler.apply();
			case VALIDATE -> reconciler.validate();
			case PLAN -> reconciler.plan();
			case NONE -> {
			}
		}
	}

}
