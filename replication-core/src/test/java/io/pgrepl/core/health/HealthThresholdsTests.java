package io.pgrepl.core.health;

import java.time.Duration;

import io.pgrepl.core.model.InvalidSettingException;
import io.pgrepl.core.model.ReplicationArgumentException;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SettingRef;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealthThresholdsTests {

	@Test
	void defaultsAreThoseOfTheHealthProperties() {
		HealthThresholds defaults = HealthThresholds.DEFAULTS;

		assertThat(defaults.lagWarning()).isEqualTo(Duration.ofSeconds(30));
		assertThat(defaults.lagCritical()).isEqualTo(Duration.ofMinutes(5));
		assertThat(defaults.lagBytesWarning()).isEqualTo(64L * 1024 * 1024);
		assertThat(defaults.lagBytesCritical()).isEqualTo(1024L * 1024 * 1024);
		assertThat(defaults.retainedWalWarning()).isEqualTo(1024L * 1024 * 1024);
		assertThat(defaults.retainedWalCritical()).isEqualTo(10L * 1024 * 1024 * 1024);
	}

	@Test
	void aCriticalThresholdBelowItsWarningIsRefusedNamingIt() {
		assertThatThrownBy(() -> HealthThresholds.DEFAULTS.withLag(Duration.ofMinutes(1), Duration.ofSeconds(10)))
			.isInstanceOfSatisfying(ReplicationArgumentException.class,
					(ex) -> assertThat(ex.getArgument()).isEqualTo("lagCritical"))
			.hasMessageContaining("lagCritical must not be below lagWarning")
			.isInstanceOfSatisfying(InvalidSettingException.class, (ex) -> {
				assertThat(ex.getSetting()).isEqualTo(SettingRef.healthThreshold(Setting.LAG_CRITICAL));
				assertThat(ex.getProblem().settings()).containsExactly(SettingRef.healthThreshold(Setting.LAG_CRITICAL),
						SettingRef.healthThreshold(Setting.LAG_WARNING));
			});
		assertThatThrownBy(() -> HealthThresholds.DEFAULTS.withRetainedWal(-1, 10))
			.isInstanceOfSatisfying(ReplicationArgumentException.class,
					(ex) -> assertThat(ex.getArgument()).isEqualTo("retainedWalWarning"));
		assertThatThrownBy(() -> HealthThresholds.DEFAULTS.withLag(null, Duration.ZERO))
			.isInstanceOfSatisfying(ReplicationArgumentException.class,
					(ex) -> assertThat(ex.getArgument()).isEqualTo("lagWarning"));
	}

	@Test
	void equalThresholdsMakeEveryExcessAnIssue() {
		HealthThresholds strict = HealthThresholds.DEFAULTS.withLagBytes(0, 0);

		assertThat(strict.lagBytesWarning()).isZero();
		assertThat(strict.lagBytesCritical()).isZero();
	}

}
