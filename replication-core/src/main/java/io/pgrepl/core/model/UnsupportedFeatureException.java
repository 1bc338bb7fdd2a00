package io.pgrepl.core.model;

/**
 * A feature the connected server's PostgreSQL version does not have, such as the subscription
 * option {@code failover} on PostgreSQL 16.
 */
public class UnsupportedFeatureException extends ReplicationException {

	private final Feature feature;

	private final PgVersion serverVersion;

	public UnsupportedFeatureException(Feature feature, PgVersion serverVersion) {
		super(feature.description() + " requires PostgreSQL " + feature.minimumMajorVersion()
				+ " or later, but the server runs PostgreSQL " + serverVersion
				+ "; remove it or upgrade the server");
		this.feature = feature;
		this.serverVersion = serverVersion;
	}

	public Feature getFeature() {
		return this.feature;
	}

	public PgVersion getServerVersion() {
		return this.serverVersion;
	}

}
