package io.pgrepl.autoconfigure;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pgrepl.core.Replication;

import org.springframework.beans.factory.InitializingBean;

/**
 * Reconciles the managed database with its {@link Replication} when the application starts,
 * before the beans that use the database (like Flyway's migration initializer): {@code apply}
 * makes it match, {@code validate} fails startup on any difference, {@code plan} logs what apply
 * would do, {@code none} does nothing. With nothing declared, the database is not touched. Then,
 * for each subscription with {@code await-sync}, startup waits until its tables are ready.
 */
public class ReplicationInitializer implements InitializingBean {

	private final Replication replication;

	private final ReplicationProperties.Mode mode;

	private final Map<String, Duration> awaitSync;

	/**
	 * @param replication the replication of the managed database
	 * @param mode what to do at startup
	 */
	public ReplicationInitializer(Replication replication, ReplicationProperties.Mode mode) {
		this(replication, mode, Map.of());
	}

	/**
	 * @param replication the replication of the managed database
	 * @param mode what to do at startup
	 * @param awaitSync how long to wait for the initial sync, by subscription
	 */
	public ReplicationInitializer(Replication replication, ReplicationProperties.Mode mode,
			Map<String, Duration> awaitSync) {
		this.replication = replication;
		this.mode = mode;
		this.awaitSync = Collections.unmodifiableMap(new LinkedHashMap<>(awaitSync));
	}

	@Override
	public void afterPropertiesSet() {
		if (this.replication.desiredState().isEmpty()) {
			return;
		}
		switch (this.mode) {
			case APPLY -> this.replication.apply();
			case VALIDATE -> this.replication.validate();
			case PLAN -> this.replication.plan();
			case NONE -> {
			}
		}
		this.awaitSync.forEach(this.replication::awaitSync);
	}

}
