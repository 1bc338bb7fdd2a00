package io.pgrepl.core;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link SubscriptionDefinition}'s options into the {@code WITH (...)} list for one server
 * version: a value at the server's default is dropped where the version lacks the option, any
 * other value there fails with {@link UnsupportedFeatureException}.
 */
final class SubscriptionOptions {

	private SubscriptionOptions() {
	}

	/** The version-gated options that are set, keyword to SQL value, in a stable order. */
	static Map<String, String> gated(SubscriptionDefinition definition, PgVersion version) {
		Map<String, String> options = new LinkedHashMap<>();
		Streaming streaming = definition.streaming();
		if (streaming != null) {
			if (streaming == Streaming.PARALLEL) {
				version.require(Feature.STREAMING_PARALLEL);
			}
			options.put("streaming", streaming.sqlValue());
		}
		putBoolean(options, "binary", definition.binary());
		putGated(options, "disable_on_error", definition.disableOnError(), false, Feature.DISABLE_ON_ERROR, version);
		putGated(options, "two_phase", definition.twoPhase(), false, Feature.TWO_PHASE, version);
		Origin origin = definition.origin();
		if (origin != null) {
			if (version.supports(Feature.ORIGIN)) {
				options.put("origin", Identifiers.literal(origin.sqlValue()));
			}
			else if (origin != Origin.ANY) {
				throw new UnsupportedFeatureException(Feature.ORIGIN, version);
			}
		}
		putGated(options, "failover", definition.failover(), false, Feature.FAILOVER, version);
		putGated(options, "password_required", definition.passwordRequired(), true, Feature.PASSWORD_REQUIRED,
				version);
		putGated(options, "run_as_owner", definition.runAsOwner(), false, Feature.RUN_AS_OWNER, version);
		String synchronousCommit = definition.synchronousCommit();
		if (synchronousCommit != null) {
			options.put("synchronous_commit", Identifiers.literal(synchronousCommit));
		}
		return options;
	}

	private static void putBoolean(Map<String, String> options, String keyword, @Nullable Boolean value) {
		if (value != null) {
			options.put(keyword, value.toString());
		}
	}

	private static void putGated(Map<String, String> options, String keyword, @Nullable Boolean value,
			boolean serverDefault, Feature feature, PgVersion version) {
		if (value == null) {
			return;
		}
		if (version.supports(feature)) {
			options.put(keyword, value.toString());
		}
		else if (value != serverDefault) {
			throw new UnsupportedFeatureException(feature, version);
		}
	}

}
