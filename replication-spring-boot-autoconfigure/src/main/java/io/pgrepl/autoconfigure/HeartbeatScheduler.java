package io.pgrepl.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.pgrepl.core.Replication;
import io.pgrepl.core.model.ConnInfo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Writes the heartbeats of the publications that set {@code heartbeat} ({@link Replication#heartbeat()}:
 * all in one statement) at the shortest of their intervals, on one daemon thread, from the end of
 * startup until the context closes. A failed write is a WARN, repeated at most once a minute while
 * writes keep failing, and never stops the schedule.
 */
final class HeartbeatScheduler implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(HeartbeatScheduler.class);

	/** How long a failing heartbeat stays quiet after its WARN. */
	static final Duration QUIET = Duration.ofMinutes(1);

	private final Replication replication;

	private @Nullable ScheduledExecutorService executor;

	/** Failed writes since the last one that succeeded; only the executor's thread uses it. */
	private int failures;

	private long warnedAt;

	HeartbeatScheduler(Replication replication) {
		this.replication = replication;
	}

	@Override
	public void start() {
		Duration interval = this.replication.heartbeatInterval().orElse(null);
		if (interval == null) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "pgrepl-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleAtFixedRate(this::write, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
		this.executor = executor;
	}

	/** One heartbeat; whatever fails is caught, or the executor would silently cancel the schedule. */
	void write() {
		try {
			this.replication.heartbeat();
			if (this.failures > 0) {
				logger.info("pgrepl: heartbeat written again after {} failed attempts", this.failures);
				this.failures = 0;
			}
		}
		catch (RuntimeException ex) {
			this.failures++;
			long now = System.nanoTime();
			if (this.failures == 1 || now - this.warnedAt >= QUIET.toNanos()) {
				this.warnedAt = now;
				logger.warn("pgrepl: could not write the heartbeat (failures in a row: {}; it is retried every "
						+ "interval, and this is logged again in a minute at the earliest): {}", this.failures,
						ConnInfo.maskPasswords(ex.getMessage()));
			}
		}
	}

	/** Stops writing; a write under way finishes first (a few seconds at most), so none follows. */
	@Override
	public void stop() {
		ScheduledExecutorService executor = this.executor;
		if (executor != null) {
			executor.shutdown();
			try {
				if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
					executor.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				executor.shutdownNow();
				Thread.currentThread().interrupt();
			}
			this.executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
