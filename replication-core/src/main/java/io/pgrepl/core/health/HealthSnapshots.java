package io.pgrepl.core.health;

import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * One health snapshot shared by every caller within a short window, and by callers that wait while
 * one is being taken: a burst of probes (Kubernetes, a load balancer, a metrics scrape, several
 * health groups) costs one snapshot and holds at most one connection per server, never the
 * application's whole pool. A caller that asks while a snapshot is being taken gets that snapshot
 * only if it started after the caller asked, so no caller is answered with data older than its
 * question plus the window.
 *
 * @param <T> the snapshot
 */
public final class HealthSnapshots<T> {

	private final Duration window;

	private final Supplier<T> take;

	private final Object lock = new Object();

	private volatile @Nullable Taken<T> last;

	/**
	 * @param window how long a snapshot answers later callers; zero shares it only among callers
	 * that waited for it
	 * @param take takes a snapshot
	 */
	public HealthSnapshots(Duration window, Supplier<T> take) {
		if (window.isNegative()) {
			throw new IllegalArgumentException("the health cache window cannot be negative");
		}
		this.window = window;
		this.take = take;
	}

	/** A snapshot no older than the window, or taken after this call began. */
	public T get() {
		long asked = System.nanoTime();
		Taken<T> taken = this.last;
		if (taken != null && fresh(taken, asked)) {
			return taken.value();
		}
		synchronized (this.lock) {
			taken = this.last;
			if (taken != null && (taken.started() - asked >= 0 || fresh(taken, System.nanoTime()))) {
				return taken.value();
			}
			long started = System.nanoTime();
			T value = this.take.get();
			this.last = new Taken<>(value, started);
			return value;
		}
	}

	private boolean fresh(Taken<T> taken, long now) {
		return now - taken.started() < this.window.toNanos();
	}

	private record Taken<T>(T value, long started) {

	}

}
