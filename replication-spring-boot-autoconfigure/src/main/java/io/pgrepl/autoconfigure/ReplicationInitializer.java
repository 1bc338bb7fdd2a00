package io.pgrepl.autoconfigure;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import io.pgrepl.core.Replication;
import io.pgrepl.core.model.ReplicationException;

import org.springframework.beans.factory.InitializingBean;

/**
 * Reconciles the managed database with its {@link Replication} when the application starts,
 * before the beans that use the database (like Flyway's migration initializer): {@code apply}
 * makes it match, {@code validate} fails startup on any difference, {@code plan} logs what apply
 * would do, {@code none} does nothing. With nothing declared, the database is not touched. Then,
 * for each subscription with {@code await-sync}, startup waits until its tables are ready.
 */
public class ReplicationInitializer implements InitializingBean {

	/** How long an interrupted startup waits for its work to close its sessions. */
	private static final Duration CLEANUP = Duration.ofSeconds(2);

	private final Replication replication;

	private final ReplicationProperties.Mode mode;

	private final Map<String, Duration> awaitSync;

	/** What the startup work is doing, for the message of an interrupted startup. */
	private volatile String doing = "starting";

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

	/**
	 * Runs the reconcile and the waits for the initial sync in a thread of their own, and waits for
	 * it without a deadline. Spring Framework's {@code close()} during a refresh (a SIGTERM while
	 * the application starts) interrupts the starting thread only when it is {@code WAITING};
	 * otherwise it waits for the refresh to end, which a reconcile blocked on a lock or a silent
	 * publisher delays by its timeouts. Here the starting thread is always {@code WAITING}: on the
	 * interrupt, the statement the work waits for is cancelled and startup fails at once.
	 */
	@Override
	public void afterPropertiesSet() {
		if (this.replication.desiredState().isEmpty()) {
			return;
		}
		FutureTask<Void> work = new FutureTask<>(() -> {
			reconcile();
			return null;
		});
		Thread worker = new Thread(work, "pgrepl-startup");
		worker.setDaemon(true);
		worker.start();
		try {
			work.get();
		}
		catch (InterruptedException ex) {
			String doing = this.doing;
			this.replication.cancel(worker);
			try {
				// let it close its sessions before the pools close
				worker.join(CLEANUP.toMillis());
			}
			catch (InterruptedException again) {
				// stopping anyway
			}
			Thread.currentThread().interrupt();
			throw new ReplicationException("Startup interrupted while " + doing
					+ "; the statement it waited for was cancelled", ex);
		}
		catch (ExecutionException ex) {
			Throwable failure = ex.getCause();
			if (failure instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (failure instanceof Error error) {
				throw error;
			}
			throw new ReplicationException(String.valueOf(failure), failure);
		}
	}

	private void reconcile() {
		this.doing = switch (this.mode) {
			case APPLY -> "applying the replication configuration (replication.mode = apply)";
			case VALIDATE -> "validating the replication configuration (replication.mode = validate)";
			case PLAN -> "planning the replication configuration (replication.mode = plan)";
			case NONE -> "starting";
		};
		switch (this.mode) {
			case APPLY -> this.replication.apply();
			case VALIDATE -> this.replication.validate();
			case PLAN -> this.replication.plan();
			case NONE -> {
			}
		}
		this.awaitSync.forEach((name, timeout) -> {
			this.doing = "waiting for the initial sync of subscription '" + name + "' (await-sync)";
			this.replication.awaitSync(name, timeout);
		});
	}

}
