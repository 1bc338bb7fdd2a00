package io.pgrepl.core.model;

/**
 * A PostgreSQL server version, from {@code server_version_num} (e.g. 170006 for 17.6).
 *
 * @param versionNumber the value of {@code server_version_num}
 */
public record PgVersion(int versionNumber) implements Comparable<PgVersion> {

	public static PgVersion ofMajor(int major) {
		return new PgVersion(major * 10000);
	}

	public int major() {
		return this.versionNumber / 10000;
	}

	public int minor() {
		return this.versionNumber % 10000;
	}

	public boolean isAtLeast(int major) {
		return major() >= major;
	}

	/** Fails with {@link UnsupportedFeatureException} when this version lacks the feature. */
	public void require(Feature feature) {
		if (!supports(feature)) {
			throw new UnsupportedFeatureException(feature, this);
		}
	}

	public boolean supports(Feature feature) {
		return isAtLeast(feature.minimumMajorVersion());
	}

	@Override
	public int compareTo(PgVersion other) {
		return Integer.compare(this.versionNumber, other.versionNumber);
	}

	@Override
	public String toString() {
		return major() + "." + minor();
	}

}
