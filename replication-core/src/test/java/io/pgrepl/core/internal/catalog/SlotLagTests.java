package io.pgrepl.core.internal.catalog;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlotLagTests {

	@Test
	void aNullLagWithEverythingConfirmedIsZero() {
		assertThat(SlotCatalog.lag(null, true, false, 0L)).isEqualTo(Duration.ZERO);
	}

	@Test
	void aNullLagWithUnconfirmedWalIsUnknownNotZero() {
		assertThat(SlotCatalog.lag(null, true, false, 16_000_000L)).isNull();
	}

	@Test
	void aNullLagOfAWalsenderWhoseSubscriberReportedEverythingItWasSentIsZeroWhileTheLastCommitsAwaitTheirFlush() {
		assertThat(SlotCatalog.lag(null, true, true, 176L)).isEqualTo(Duration.ZERO);
	}

	@Test
	void withoutVisibleWalsenderDetailsNothingConfirmedIsStillZeroAndABacklogUnknown() {
		assertThat(SlotCatalog.lag(null, false, false, 0L)).isEqualTo(Duration.ZERO);
		assertThat(SlotCatalog.lag(null, false, false, 42L)).isNull();
		assertThat(SlotCatalog.lag(null, false, true, 42L)).as("positions not read are not believed").isNull();
	}

	@Test
	void aMeasuredLagIsTakenAsItIs() {
		assertThat(SlotCatalog.lag(Duration.ofMillis(1500), true, false, 42L)).isEqualTo(Duration.ofMillis(1500));
		assertThat(SlotCatalog.lag(Duration.ofMillis(1500), true, true, 42L)).isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void aSlotBeingCreatedHasNoLag() {
		assertThat(SlotCatalog.lag(null, false, false, null)).isNull();
	}

}
