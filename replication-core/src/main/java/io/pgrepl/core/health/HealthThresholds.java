package io.pgrepl.core.health;

import java.time.Duration;

import io.pgrepl.core.model.InvalidSettingException;
import io.pgrepl.core.model.Message;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SettingRef;

/**
 * Where early signs become warnings and where they become issues. A value strictly above a
 * warning threshold is a warning; strictly above a critical threshold, an issue.
 *
 * @param lagWarning time lag above which a warning is reported (default 30 s)
 * @param lagCritical time lag above which an issue is reported (default 5 min)
 * @param lagBytesWarning WAL not yet confirmed by the subscriber, in bytes, above which a warning
 * is reported (default 64 MB)
 * @param lagBytesCritical the same, above which an issue is reported (default 1 GB)
 * @param retainedWalWarning WAL a slot keeps on the publisher, in bytes, above which a warning is
 * reported (default 1 GB)
 * @param retainedWalCritical the same, above which an issue is reported (default 10 GB)
 */
public record HealthThresholds(Duration lagWarning, Duration lagCritical, long lagBytesWarning,
		long lagBytesCritical, long retainedWalWarning, long retainedWalCritical) {

	private static final long MB = 1024L * 1024L;

	private static final long GB = 1024L * MB;

	/** The defaults: what a user who sets no threshold gets. */
	public static final HealthThresholds DEFAULTS = new HealthThresholds(Duration.ofSeconds(30), Duration.ofMinutes(5),
			64 * MB, GB, GB, 10 * GB);

	public HealthThresholds {
		requireOrdered(lagWarning, lagCritical, Setting.LAG_WARNING, Setting.LAG_CRITICAL);
		requireOrdered(lagBytesWarning, lagBytesCritical, Setting.LAG_BYTES_WARNING, Setting.LAG_BYTES_CRITICAL);
		requireOrdered(retainedWalWarning, retainedWalCritical, Setting.RETAINED_WAL_WARNING,
				Setting.RETAINED_WAL_CRITICAL);
	}

	public HealthThresholds withLag(Duration warning, Duration critical) {
		return new HealthThresholds(warning, critical, this.lagBytesWarning, this.lagBytesCritical,
				this.retainedWalWarning, this.retainedWalCritical);
	}

	public HealthThresholds withLagBytes(long warning, long critical) {
		return new HealthThresholds(this.lagWarning, this.lagCritical, warning, critical, this.retainedWalWarning,
				this.retainedWalCritical);
	}

	public HealthThresholds withRetainedWal(long warning, long critical) {
		return new HealthThresholds(this.lagWarning, this.lagCritical, this.lagBytesWarning, this.lagBytesCritical,
				warning, critical);
	}

	private static void requireOrdered(Duration warning, Duration critical, Setting warningSetting,
			Setting criticalSetting) {
		if (warning == null || critical == null) {
			SettingRef missing = SettingRef.healthThreshold((warning == null) ? warningSetting : criticalSetting);
			throw new InvalidSettingException(missing, Message.of(missing, " must not be null"));
		}
		requireOrdered(warning.toNanos(), critical.toNanos(), warningSetting, criticalSetting);
	}

	private static void requireOrdered(long warning, long critical, Setting warningSetting, Setting criticalSetting) {
		SettingRef warningRef = SettingRef.healthThreshold(warningSetting);
		SettingRef criticalRef = SettingRef.healthThreshold(criticalSetting);
		if (warning < 0) {
			throw new InvalidSettingException(warningRef, Message.of(warningRef, " must not be negative"));
		}
		if (critical < warning) {
			throw new InvalidSettingException(criticalRef,
					Message.of(criticalRef, " must not be below ", warningRef, ", or the warning could never show"));
		}
	}

}
