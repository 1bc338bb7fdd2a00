package io.pgrepl.core.subscription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pgrepl.core.model.Feature;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.Origin;
import io.pgrepl.core.model.PgVersion;
import io.pgrepl.core.model.Streaming;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.model.UnsupportedFeatureException;
import io.pgrepl.core.status.SubscriptionInfo;
import org.jspecify.annotations.Nullable;

/**
 * A subscription's {@code WITH (...)} options as keyword to SQL value, for one server version. From
 * a {@link SubscriptionDefinition} ({@link #gated}): a value at the server's default is dropped
 * where the version lacks the option, any other value there is unsupported. From the catalog
 * ({@link #current}): the same keywords rendered the same way, so the two compare as maps.
 */
public final class SubscriptionOptions {

	private SubscriptionOptions() {
	}

	/**
	 * The version-gated options that are set, keyword to SQL value, in a stable order.
	 * @throws UnsupportedFeatureException for the first option the version lacks
	 */
	public static Map<String, String> gated(SubscriptionDefinition definition, PgVersion version) {
		Resolved resolved = resolve(definition, version);
		if (!resolved.unsupported().isEmpty()) {
			throw new UnsupportedFeatureException(resolved.unsupported().get(0), version);
		}
		return resolved.options();
	}

	/** Every option of the definition that this version lacks (set to other than its default). */
	public static List<Feature> unsupported(SubscriptionDefinition definition, PgVersion version) {
		return resolve(definition, version).unsupported();
	}

	/**
	 * The options of an existing subscription, with the keywords and SQL values {@link #gated}
	 * writes; options the version lacks are absent.
	 */
	public static Map<String, String> current(SubscriptionInfo info, PgVersion version) {
		Map<String, String> options = new LinkedHashMap<>();
		options.put("streaming", info.streaming().sqlValue());
		options.put("binary", Boolean.toString(info.binary()));
		putIf(options, version, Feature.DISABLE_ON_ERROR, "disable_on_error", Boolean.toString(info.disableOnError()));
		putIf(options, version, Feature.TWO_PHASE, "two_phase", Boolean.toString(info.twoPhase()));
		putIf(options, version, Feature.ORIGIN, "origin", Identifiers.literal(info.origin().sqlValue()));
		putIf(options, version, Feature.FAILOVER, "failover", Boolean.toString(info.failover()));
		putIf(options, version, Feature.PASSWORD_REQUIRED, "password_required",
				Boolean.toString(info.passwordRequired()));
		putIf(options, version, Feature.RUN_AS_OWNER, "run_as_owner", Boolean.toString(info.runAsOwner()));
		options.put("synchronous_commit", Identifiers.literal(info.synchronousCommit()));
		return options;
	}

	private static void putIf(Map<String, String> options, PgVersion version, Feature feature, String keyword,
			String value) {
		if (version.supports(feature)) {
			options.put(keyword, value);
		}
	}

	private static Resolved resolve(SubscriptionDefinition definition, PgVersion version) {
		Resolved resolved = new Resolved(new LinkedHashMap<>(), new ArrayList<>());
		Streaming streaming = definition.streaming();
		if (streaming != null) {
			if (streaming == Streaming.PARALLEL && !version.supports(Feature.STREAMING_PARALLEL)) {
				resolved.unsupported().add(Feature.STREAMING_PARALLEL);
			}
			resolved.options().put("streaming", streaming.sqlValue());
		}
		Boolean binary = definition.binary();
		if (binary != null) {
			resolved.options().put("binary", binary.toString());
		}
		resolved.putGated("disable_on_error", definition.disableOnError(), false, Feature.DISABLE_ON_ERROR, version);
		resolved.putGated("two_phase", definition.twoPhase(), false, Feature.TWO_PHASE, version);
		Origin origin = definition.origin();
		if (origin != null) {
			if (version.supports(Feature.ORIGIN)) {
				resolved.options().put("origin", Identifiers.literal(origin.sqlValue()));
			}
			else if (origin != Origin.ANY) {
				resolved.unsupported().add(Feature.ORIGIN);
			}
		}
		resolved.putGated("failover", definition.failover(), false, Feature.FAILOVER, version);
		resolved.putGated("password_required", definition.passwordRequired(), true, Feature.PASSWORD_REQUIRED,
				version);
		resolved.putGated("run_as_owner", definition.runAsOwner(), false, Feature.RUN_AS_OWNER, version);
		String synchronousCommit = definition.synchronousCommit();
		if (synchronousCommit != null) {
			resolved.options().put("synchronous_commit", Identifiers.literal(synchronousCommit));
		}
		return resolved;
	}

	private record Resolved(Map<String, String> options, List<Feature> unsupported) {

		void putGated(String keyword, @Nullable Boolean value, boolean serverDefault, Feature feature,
				PgVersion version) {
			if (value == null) {
				return;
			}
			if (version.supports(feature)) {
				this.options.put(keyword, value.toString());
			}
			else if (value != serverDefault) {
				this.unsupported.add(feature);
			}
		}

	}

}
