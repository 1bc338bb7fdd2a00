package io.pgrepl.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.pgrepl.core.Replication;
import io.pgrepl.core.model.ReplicationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Syncs the sequences of the subscriptions that set {@code sequence-sync-interval}, each at its
 * interval, on one daemon thread, while the application runs. A failed sync is logged and tried
 * again at the next interval.
 */
final class SequenceSyncScheduler implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SequenceSyncScheduler.class);

	private final Replication replication;

	private final Map<String, Duration> intervals;

	private @Nullable ScheduledExecutorService executor;

	SequenceSyncScheduler(Replication replication, Map<String, Duration> intervals) {
		this.replication = replication;
		this.intervals = Map.copyOf(intervals);
	}

	@Override
	public void start() {
		if (this.intervals.isEmpty()) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "pgrepl-sequence-sync");
			thread.setDaemon(true);
			return thread;
		});
		this.intervals.forEach((subscription, interval) -> executor.scheduleWithFixedDelay(() -> sync(subscription),
				interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS));
		this.executor = executor;
	}

	private void sync(String subscription) {
		try {
			this.replication.syncSequences(subscription);
		}
		catch (ReplicationException ex) {
			logger.warn("pgrepl: scheduled sequence sync of subscription '{}' failed: {}", subscription,
					ex.getMessage());
		}
		catch (RuntimeException ex) {
			// anything else escaping would cancel every later run of the fixed-delay schedule
			logger.warn("pgrepl: scheduled sequence sync of subscription '{}' failed: {}", subscription,
					this.replication.desiredState().secrets().mask(String.valueOf(ex)));
		}
	}

	@Override
	public void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
