package io.pgrepl.core.health;

import java.time.Duration;
import java.util.List;

import io.pgrepl.core.status.SyncState;
import io.pgrepl.core.status.TableSyncStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SyncProgressTests {

	private static final long MB = 1024 * 1024;

	@Test
	void theTotalIsThePublisherSizeOfTheTablesNotReadyAndCopiedIsWhatIsNotLeft() {
		SyncProgress progress = SyncProgress.of("s", List.of(table("a", SyncState.INIT, null, 40 * MB),
				table("b", SyncState.COPYING, 4 * MB, 10 * MB), table("c", SyncState.FINISHED_COPY, null, 2 * MB),
				table("d", SyncState.READY, null, null)));

		assertThat(progress.sizeBytes()).isEqualTo(52 * MB);
		assertThat(progress.remainingBytes()).isEqualTo(46 * MB);
		assertThat(progress.describe(null, Duration.ZERO)).isEqualTo("subscription 's': 1 of 4 tables ready (init 1, "
				+ "copying 1, finishedCopy 1, synchronized 0), copied ~6.0 MB of ~52 MB (publisher table sizes), "
				+ "running copies: 4.0 MB, 400 rows");
	}

	@Test
	void theRateIsWhatWasCopiedBetweenTwoReadingsAndTheEtaTheRestAtThatRate() {
		SyncProgress first = SyncProgress.of("s", List.of(table("a", SyncState.INIT, null, 40 * MB),
				table("b", SyncState.COPYING, 4 * MB, 10 * MB)));
		// 2 s later: b is copied (6 MB more), a is being copied (8 MB so far): 14 MB in 2 s, 32 MB left
		SyncProgress second = SyncProgress.of("s", List.of(table("a", SyncState.COPYING, 8 * MB, 40 * MB),
				table("b", SyncState.FINISHED_COPY, null, 10 * MB)));

		assertThat(second.bytesPerSecond(first, Duration.ofSeconds(2))).isEqualTo(7 * MB);
		assertThat(second.eta(7 * MB)).isEqualTo(Duration.ofSeconds(5));
		assertThat(second.describe(first, Duration.ofSeconds(2))).endsWith(
				"copied ~18 MB of ~50 MB (publisher table sizes), running copies: 8.0 MB, 800 rows, 7.0 MB/s, ETA ~5s");
	}

	@Test
	void withoutARateThereIsNoEta() {
		SyncProgress progress = SyncProgress.of("s", List.of(table("a", SyncState.COPYING, 4 * MB, 10 * MB)));

		assertThat(progress.bytesPerSecond(null, Duration.ZERO)).isNull();
		assertThat(progress.eta(null)).isNull();
		assertThat(progress.eta(0L)).isNull();
		assertThat(progress.describe(progress, Duration.ofSeconds(2))).as("nothing copied meanwhile")
			.endsWith("running copies: 4.0 MB, 400 rows, 0 bytes/s");
	}

	@Test
	void aTableAddedBetweenReadingsLeavesTheRateUntold() {
		SyncProgress first = SyncProgress.of("s", List.of(table("a", SyncState.COPYING, 4 * MB, 10 * MB)));
		SyncProgress second = SyncProgress.of("s", List.of(table("a", SyncState.COPYING, 5 * MB, 10 * MB),
				table("b", SyncState.INIT, null, 100 * MB)));

		assertThat(second.bytesPerSecond(first, Duration.ofSeconds(1))).isNull();
		assertThat(second.describe(first, Duration.ofSeconds(1))).doesNotContain("/s").doesNotContain("ETA");
	}

	@Test
	void withoutSizesTheRateIsWhatTheRunningCopiesReceivedAndNoTotalOrEtaIsClaimed() {
		SyncProgress first = SyncProgress.of("s", List.of(table("a", SyncState.COPYING, 4 * MB, null)));
		SyncProgress second = SyncProgress.of("s", List.of(table("a", SyncState.COPYING, 6 * MB, null)));

		assertThat(second.sizeBytes()).isNull();
		assertThat(second.remainingBytes()).isNull();
		assertThat(second.describe(first, Duration.ofSeconds(1))).isEqualTo("subscription 's': 0 of 1 tables ready "
				+ "(init 0, copying 1, finishedCopy 0, synchronized 0), running copies: 6.0 MB, 600 rows, 2.0 MB/s");
	}

	@Test
	void theTimeLeftReadsInTheLargestUnitsThatMatter() {
		assertThat(SyncProgress.approximately(Duration.ofSeconds(42))).isEqualTo("42s");
		assertThat(SyncProgress.approximately(Duration.ofSeconds(185))).isEqualTo("3m 5s");
		assertThat(SyncProgress.approximately(Duration.ofSeconds(180))).isEqualTo("3m");
		assertThat(SyncProgress.approximately(Duration.ofMinutes(130))).isEqualTo("2h 10m");
		assertThat(SyncProgress.approximately(Duration.ofHours(3))).isEqualTo("3h");
	}

	private static TableSyncStatus table(String name, SyncState state, Long copiedBytes, Long sizeBytes) {
		Long copiedRows = (copiedBytes != null) ? copiedBytes * 100 / MB : null;
		return new TableSyncStatus("s", "public", name, state, null, (copiedBytes != null) ? 42 : null, copiedBytes,
				copiedRows, sizeBytes);
	}

}
