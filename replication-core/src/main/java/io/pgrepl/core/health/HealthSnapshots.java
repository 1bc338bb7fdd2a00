package io.pgrepl.core.health;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * One health snapshot shared by every caller within a short window, and by callers that wait while
 * one is being taken: a burst of probes (Kubernetes, a load balancer, a metrics scrape, several
 * health groups) costs one snapshot and holds at most one connection per server, never the
 * application's whole pool. A caller that asks while a snapshot is being taken gets that snapshot
 * only if it started after the caller asked, so no caller is answered with data older than its
 * question plus the window.
 * <p>
 * A snapshot of several parts (every subscription) also answers each part once, within
 * {@link #PASS} of being taken, whatever the window: reading the parts one after the other, as the
 * actuator reads one indicator per subscription, costs one snapshot, while asking for the same part
 * again reads afresh. See {@link #get(Object)}.
 *
 * @param <T> the snapshot
 */
public final class HealthSnapshots<T> {

	/** How long after it is taken a snapshot answers each part once. */
	public static final Duration PASS = Duration.ofSeconds(1);

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
		return get(null);
	}

	/**
	 * A snapshot no older than the window, or taken after this call began, or one taken within
	 * {@link #PASS} that has not yet answered for this part.
	 * @param part what the caller reads of the snapshot (a subscription's name); {@code null} for
	 * the whole
	 */
	public T get(@Nullable Object part) {
		long asked = System.nanoTime();
		Taken<T> taken = this.last;
		if (taken != null && (fresh(taken, asked) || taken.firstFor(part, asked))) {
			taken.answered(part);
			return taken.value();
		}
		synchronized (this.lock) {
			taken = this.last;
			long now = System.nanoTime();
			if (taken != null && (taken.started() - asked >= 0 || fresh(taken, now) || taken.firstFor(part, now))) {
				taken.answered(part);
				return taken.value();
			}
			long started = System.nanoTime();
			T value = this.take.get();
			Taken<T> next = new Taken<>(value, started, ConcurrentHashMap.newKeySet());
			next.answered(part);
			this.last = next;
			return value;
		}
	}

	private boolean fresh(Taken<T> taken, long now) {
		return now - taken.started() < this.window.toNanos();
	}

	private record Taken<T>(T value, long started, Set<Object> parts) {

		/** Whether this snapshot is within its pass and has not answered for the part yet. */
		boolean firstFor(@Nullable Object part, long now) {
			return part != null && now - this.started < PASS.toNanos() && this.parts.add(part);
		}

		void answered(@Nullable Object part) {
			if (part != null) {
				this.parts.add(part);
			}
		}

	}

}
