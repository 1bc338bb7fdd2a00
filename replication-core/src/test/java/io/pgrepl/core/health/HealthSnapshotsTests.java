package io.pgrepl.core.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A burst of health calls costs one snapshot: within the window, and while one is being taken. */
class HealthSnapshotsTests {

	@Test
	void callsWithinTheWindowShareASnapshotAndLaterOnesTakeANewOne() {
		AtomicInteger taken = new AtomicInteger();
		HealthSnapshots<Integer> snapshots = new HealthSnapshots<>(Duration.ofMillis(300), taken::incrementAndGet);

		assertThat(snapshots.get()).isEqualTo(1);
		assertThat(snapshots.get()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(5)).until(() -> snapshots.get() == 2);
		assertThat(taken).hasValue(2);
	}

	@Test
	void withNoWindowASnapshotAnswersEachPartOnceSoReadingEveryPartInTurnCostsOne() {
		AtomicInteger taken = new AtomicInteger();
		HealthSnapshots<Integer> snapshots = new HealthSnapshots<>(Duration.ZERO, taken::incrementAndGet);

		// the actuator reads one indicator per subscription, one after the other
		assertThat(List.of("orders", "customers", "invoices")).allSatisfy((part) -> assertThat(snapshots.get(part)).isOne());
		// the next probe asks for a part this snapshot has answered: it reads afresh
		assertThat(snapshots.get("orders")).isEqualTo(2);
		assertThat(snapshots.get("customers")).isEqualTo(2);
		assertThat(snapshots.get("customers")).isEqualTo(3);
		// the whole is never answered from an earlier snapshot without a window
		assertThat(snapshots.get()).isEqualTo(4);
		assertThat(taken).hasValue(4);
	}

	@Test
	void aSnapshotAnswersAPartItHasNotAnsweredOnlyWithinItsPass() {
		AtomicInteger taken = new AtomicInteger();
		HealthSnapshots<Integer> snapshots = new HealthSnapshots<>(Duration.ZERO, taken::incrementAndGet);

		assertThat(snapshots.get("orders")).isOne();
		long passed = System.nanoTime() + HealthSnapshots.PASS.toNanos();
		await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - passed > 0);
		assertThat(snapshots.get("customers")).as("a snapshot older than its pass").isEqualTo(2);
	}

	@Test
	void withNoWindowCallsMadeWhileASnapshotIsTakenShareTheNextOne() throws Exception {
		AtomicInteger taken = new AtomicInteger();
		CountDownLatch inFirst = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		HealthSnapshots<Integer> snapshots = new HealthSnapshots<>(Duration.ZERO, () -> {
			int number = taken.incrementAndGet();
			if (number == 1) {
				inFirst.countDown();
				awaitLatch(release);
			}
			return number;
		});
		List<Thread> threads = new CopyOnWriteArrayList<>();
		ExecutorService executor = Executors.newFixedThreadPool(9, (task) -> {
			Thread thread = new Thread(task);
			threads.add(thread);
			return thread;
		});
		try {
			Future<Integer> first = executor.submit(() -> snapshots.get());
			assertThat(inFirst.await(10, TimeUnit.SECONDS)).isTrue();
			// these asked after the first snapshot began, so it is too old for them: they share the next
			List<Future<Integer>> waiting = IntStream.range(0, 8).mapToObj((i) -> executor.submit(() -> snapshots.get())).toList();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> threads.stream().filter((thread) -> thread.getState() == Thread.State.BLOCKED).count() == 8);
			release.countDown();

			assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
			for (Future<Integer> call : waiting) {
				assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo(2);
			}
			assertThat(taken).as("snapshots for 9 concurrent calls").hasValue(2);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
