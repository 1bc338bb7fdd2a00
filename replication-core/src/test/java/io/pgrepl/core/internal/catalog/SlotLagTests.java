package io.pgrepl.core.internal.catalog;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlotLagTests {

	@Test
	void aNullLagWithEverythingConfirmedIsZero() {
		assertThat(SlotCatalog.lag(null, true, 0L)).isEqualTo(Duration.ZERO);
	}

	@Test
	void aNullLagWithUnconfirmedWalIsUnknownNotZero() {
		assertThat(SlotCatalog.lag(null, true, 16_000_000L)).isNull();
	}

	@Test
	void withoutVisibleWalsenderDetailsNothingConfirmedIsStillZeroAndABacklogUnknown() {
		assertThat(SlotCatalog.lag(null, false, 0L)).isEqualTo(Duration.ZERO);
		assertThat(SlotCatalog.lag(null, false, 42L)).isNull();
	}

	@Test
	void aMeasuredLagIsTakenAsItIs() {
		assertThat(SlotCatalog.lag(Duration.ofMillis(1500), true, 42L)).isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void aSlotBeingCreatedHasNoLag() {
		assertThat(SlotCatalog.lag(null, false, null)).isNull();
	}

}
