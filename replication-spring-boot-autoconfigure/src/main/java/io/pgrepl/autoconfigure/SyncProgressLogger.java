package io.pgrepl.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.pgrepl.core.Replication;
import io.pgrepl.core.health.SubscriptionHealth;
import io.pgrepl.core.health.SyncProgress;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Logs the initial sync's progress while the application runs, the line {@code await-sync} logs
 * at startup: every interval, one line per declared subscription whose tables are not all ready,
 * from one health snapshot; once every table of every subscription is ready it says so and stops.
 * Nothing is logged when nothing is copying.
 */
final class SyncProgressLogger implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SyncProgressLogger.class);

	private final Replication replication;

	private final Duration interval;

	private final Map<String, SyncProgress> previous = new HashMap<>();

	private @Nullable ScheduledExecutorService executor;

	private boolean logged;

	private long readAt;

	SyncProgressLogger(Replication replication, Duration interval) {
		this.replication = replication;
		this.interval = interval;
	}

	@Override
	public void start() {
		if (this.replication.desiredState().subscriptions().isEmpty()) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "pgrepl-sync-progress");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::log, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	private void log() {
		Map<String, SubscriptionHealth> health;
		try {
			health = this.replication.subscriptionsHealth();
		}
		catch (RuntimeException ex) {
			// health says why; this line is for progress only
			logger.debug("pgrepl: could not read the initial sync's progress: {}",
					this.replication.desiredState().secrets().mask(String.valueOf(ex)));
			return;
		}
		long now = System.nanoTime();
		Duration since = Duration.ofNanos(now - this.readAt);
		boolean copying = false;
		for (SubscriptionHealth subscription : health.values()) {
			if (!subscription.exists() || subscription.tables().counts().total() == 0) {
				continue;
			}
			SyncProgress progress = SyncProgress.of(subscription);
			if (!progress.done()) {
				copying = true;
				logger.info("pgrepl: initial sync: {}",
						progress.describe(this.previous.get(subscription.name()), since));
			}
			this.previous.put(subscription.name(), progress);
		}
		this.readAt = now;
		if (copying) {
			this.logged = true;
			return;
		}
		if (this.logged) {
			logger.info("pgrepl: initial sync done: every table of every subscription is ready");
		}
		stop();
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.executor;
		if (executor != null) {
			executor.shutdown();
			this.executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
