package io.pgrepl.core.health;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.pgrepl.core.internal.jdbc.Reading;
import io.pgrepl.core.model.ReplicationException;
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
 * <p>
 * With a budget, no caller waits longer than it: a server that accepts the connection and never
 * answers (a stopped postmaster, a stuck proxy) would otherwise hold every probe for the connect,
 * login or socket timeout, longer than any probe waits. The snapshot is then taken by one task in
 * the background, which callers join rather than start another; a caller that runs out of budget
 * gets a {@link HealthTimeoutException} naming the server being read, and the snapshot, once
 * taken, answers later callers as any other.
 *
 * @param <T> the snapshot
 */
public final class HealthSnapshots<T> {

	/** How long after it is taken a snapshot answers each part once. */
	public static final Duration PASS = Duration.ofSeconds(1);

	private static final AtomicInteger threads = new AtomicInteger();

	private final Duration window;

	private final Duration budget;

	private final Supplier<T> take;

	private final Object lock = new Object();

	private volatile @Nullable Taken<T> last;

	/** The snapshot being taken in the background, with a budget; guarded by {@link #lock}. */
	private @Nullable Flight<T> flight;

	/** One daemon thread at most, and none while no snapshot is taken for a minute. */
	private final @Nullable ThreadPoolExecutor executor;

	/**
	 * @param window how long a snapshot answers later callers; zero shares it only among callers
	 * that waited for it
	 * @param take takes a snapshot
	 */
	public HealthSnapshots(Duration window, Supplier<T> take) {
		this(window, Duration.ZERO, take);
	}

	/**
	 * @param window how long a snapshot answers later callers; zero shares it only among callers
	 * that waited for it
	 * @param budget the longest a caller waits for a snapshot; zero waits as long as it takes, in
	 * the caller's thread
	 * @param take takes a snapshot
	 */
	public HealthSnapshots(Duration window, Duration budget, Supplier<T> take) {
		if (window.isNegative()) {
			throw new IllegalArgumentException("the health cache window cannot be negative");
		}
		if (budget.isNegative()) {
			throw new IllegalArgumentException("the health timeout cannot be negative");
		}
		this.window = window;
		this.budget = budget;
		this.take = take;
		this.executor = budget.isZero() ? null : executor();
	}

	private static ThreadPoolExecutor executor() {
		ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
				(task) -> {
					Thread thread = new Thread(task, "pgrepl-health-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		return executor;
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
		return get(part, asked, asked + this.budget.toNanos());
	}

	/**
	 * As {@link #get(Object)}, for a caller that asked at {@code asked} and waits until
	 * {@code deadline} at the latest: one that reads several snapshots at once, having
	 * {@linkplain #start(long) started} each, waits for all within one budget.
	 * @param part what the caller reads of the snapshot; {@code null} for the whole
	 * @param asked when the caller asked ({@link System#nanoTime()}): the snapshot answering it is
	 * fresh or started since
	 * @param deadline the latest the caller waits ({@link System#nanoTime()}); ignored without a
	 * budget
	 */
	public T get(@Nullable Object part, long asked, long deadline) {
		Taken<T> taken = this.last;
		if (taken != null && (fresh(taken, asked) || taken.firstFor(part, asked))) {
			taken.answered(part);
			return taken.value();
		}
		if (this.executor != null) {
			return join(part, asked, deadline, this.executor);
		}
		synchronized (this.lock) {
			taken = answering(part, asked);
			if (taken != null) {
				return taken.value();
			}
			long started = System.nanoTime();
			T value = this.take.get();
			Taken<T> next = new Taken<>(value, started, ConcurrentHashMap.newKeySet(), started);
			next.answered(part);
			this.last = next;
			return value;
		}
	}

	/**
	 * Starts taking, in the background, the snapshot that will answer a caller that asked at
	 * {@code asked}, unless one is fresh or being taken, and returns without waiting; the caller
	 * then {@linkplain #get(Object, long, long) gets} it. Without a budget snapshots are taken in the
	 * caller's thread, and this does nothing.
	 * @param asked when the caller asked ({@link System#nanoTime()})
	 */
	public void start(long asked) {
		if (this.executor != null) {
			synchronized (this.lock) {
				if (answering(null, asked) == null) {
					flight(this.executor);
				}
			}
		}
	}

	private T join(@Nullable Object part, long asked, long deadline, ThreadPoolExecutor executor) {
		while (true) {
			Flight<T> joined;
			synchronized (this.lock) {
				Taken<T> taken = answering(part, asked);
				if (taken != null) {
					return taken.value();
				}
				joined = flight(executor);
			}
			try {
				joined.result().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				joined.abandoned = true;
				Reading.Server server = joined.reading();
				throw new HealthTimeoutException((server != null) ? server.side().toString() : "database",
						(server != null) ? server.address() : null, this.budget);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ReplicationException("Interrupted while waiting for a health snapshot", ex);
			}
			catch (ExecutionException ex) {
				// A snapshot that failed answers only the callers that asked before it started;
				// an older one's failure sends the caller round again, to start its own.
				if (joined.started() - asked >= 0) {
					throw (ex.getCause() instanceof RuntimeException failure) ? failure
							: new ReplicationException(String.valueOf(ex.getCause()), ex.getCause());
				}
			}
		}
	}

	/**
	 * The snapshot that answers a caller that asked at {@code asked}, marked as having answered the
	 * part: one started since, fresh, or within its pass for the part; {@code null} when none does.
	 * Called under {@link #lock}.
	 */
	private @Nullable Taken<T> answering(@Nullable Object part, long asked) {
		Taken<T> taken = this.last;
		long now = System.nanoTime();
		if (taken != null && (taken.started() - asked >= 0 || fresh(taken, now) || taken.firstFor(part, now))) {
			taken.answered(part);
			return taken;
		}
		return null;
	}

	/** The snapshot being taken in the background, started if none is. Called under {@link #lock}. */
	private Flight<T> flight(ThreadPoolExecutor executor) {
		Flight<T> flight = this.flight;
		if (flight == null || flight.result().isDone()) {
			flight = new Flight<>(System.nanoTime(), new CompletableFuture<>());
			this.flight = flight;
			Flight<T> started = flight;
			executor.execute(() -> takeInFlight(started));
		}
		return flight;
	}

	private void takeInFlight(Flight<T> flight) {
		flight.thread = Thread.currentThread();
		try {
			T value = this.take.get();
			// A snapshot its callers gave up on answers the next ones, however old, for as long as
			// a caller waits: otherwise a slow server would make every probe start one and time out.
			long lateUntil = flight.abandoned
					? System.nanoTime() + Math.max(this.window.toNanos(), this.budget.toNanos()) : flight.started();
			this.last = new Taken<>(value, flight.started(), ConcurrentHashMap.newKeySet(), lateUntil);
			flight.result().complete(value);
		}
		catch (Throwable ex) {
			flight.result().completeExceptionally(ex);
		}
		finally {
			flight.thread = null;
		}
	}

	private boolean fresh(Taken<T> taken, long now) {
		return now - taken.started() < this.window.toNanos() || taken.lateUntil() - now > 0;
	}

	/**
	 * @param value the snapshot
	 * @param started when it started ({@link System#nanoTime()})
	 * @param parts the parts it answered
	 * @param lateUntil until when it answers as fresh, having come after its callers gave up
	 */
	private record Taken<T>(T value, long started, Set<Object> parts, long lateUntil) {

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

	/** A snapshot being taken in the background, and the thread taking it. */
	private static final class Flight<T> {

		private final long started;

		private final CompletableFuture<T> result;

		private volatile @Nullable Thread thread;

		/** Whether a caller gave up waiting for it. */
		private volatile boolean abandoned;

		Flight(long started, CompletableFuture<T> result) {
			this.started = started;
			this.result = result;
		}

		long started() {
			return this.started;
		}

		CompletableFuture<T> result() {
			return this.result;
		}

		/** The server the snapshot is reading now, if it is reading one. */
		Reading.@Nullable Server reading() {
			Thread thread = this.thread;
			return (thread != null) ? Reading.of(thread) : null;
		}

	}

}
