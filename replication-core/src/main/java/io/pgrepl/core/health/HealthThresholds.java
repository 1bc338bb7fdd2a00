package io.pgrepl.core.health;

import java.time.Duration;

import io.pgrepl.core.model.ReplicationArgumentException;

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

	/** The defaults of the {@code replication.health.*} properties. */
	public static final HealthThresholds DEFAULTS = new HealthThresholds(Duration.ofSeconds(30), Duration.ofMinutes(5),
			64 * MB, GB, GB, 10 * GB);

	public HealthThresholds {
		requireOrdered(lagWarning, lagCritical, "lagWarning", "lagCritical");
		requireOrdered(lagBytesWarning, lagBytesCritical, "lagBytesWarning", "lagBytesCritical");
		requireOrdered(retainedWalWarning, retainedWalCritical, "retainedWalWarning", "retainedWalCritical");
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

	private static void requireOrdered(Duration warning, Duration critical, String warningName,
			String criticalName) {
		if (warning == null || critical == null) {
			throw new ReplicationArgumentException((warning == null) ? warningName : criticalName,
					((warning == null) ? warningName : criticalName) + " must not be null");
		}
		requireOrdered(warning.toNanos(), critical.toNanos(), warningName, criticalName);
	}

	private static void requireOrdered(long warning, long critical, String warningName, String criticalName) {
		if (warning < 0) {
			throw new ReplicationArgumentException(warningName, warningName + " must not be negative");
		}
		if (critical < warning) {
			throw new ReplicationArgumentException(criticalName,
					criticalName + " must not be below " + warningName + ", or the warning could never show");
		}
	}

}
