package io.pgrepl.core.model;

import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@code CREATE SUBSCRIPTION} should create. Options left {@code null} are not sent, so the
 * server's default applies. An option set to its default is not sent to a server that lacks it
 * (so {@code twoPhase(false)} works on PostgreSQL 14); any other value on such a server fails with
 * {@link UnsupportedFeatureException}.
 *
 * @param connectionString how the subscriber server reaches the publisher
 * @param publications the publications to subscribe to
 * @param copyData whether existing rows are copied first ({@code copy_data})
 * @param createSlot whether the slot is created on the publisher ({@code create_slot})
 * @param enabled whether replication starts at once
 * @param slotName the slot on the publisher; {@code null} means the subscription name
 * @param streaming {@code streaming}
 * @param binary {@code binary}
 * @param disableOnError {@code disable_on_error} (15+)
 * @param twoPhase {@code two_phase} (15+)
 * @param origin {@code origin} (16+)
 * @param failover {@code failover} (17+)
 * @param passwordRequired {@code password_required} (16+)
 * @param runAsOwner {@code run_as_owner} (16+)
 * @param synchronousCommit {@code synchronous_commit} of the apply worker
 */
public record SubscriptionDefinition(ConnInfo connectionString, List<String> publications, boolean copyData,
		boolean createSlot, boolean enabled, @Nullable String slotName, @Nullable Streaming streaming,
		@Nullable Boolean binary, @Nullable Boolean disableOnError, @Nullable Boolean twoPhase,
		@Nullable Origin origin, @Nullable Boolean failover, @Nullable Boolean passwordRequired,
		@Nullable Boolean runAsOwner, @Nullable String synchronousCommit) {

	public SubscriptionDefinition {
		publications = List.copyOf(publications);
		if (publications.isEmpty()) {
			throw new ReplicationArgumentException("publications", "A subscription needs at least one publication");
		}
		for (int i = 0; i < publications.size(); i++) {
			Identifiers.requireValid(publications.get(i), "publications[" + i + "]");
		}
		if (slotName != null) {
			Identifiers.requireValidSlotName(slotName, "slotName");
		}
	}

	/**
	 * Starts a definition with PostgreSQL's defaults: copy data, create the slot, enabled.
	 * @param connectionString a libpq connection string or URI
	 * @param publications the publications to subscribe to
	 */
	public static Builder builder(String connectionString, String... publications) {
		return builder(ConnInfo.parse(connectionString), publications);
	}

	public static Builder builder(ConnInfo connectionString, String... publications) {
		return new Builder(connectionString, Arrays.asList(publications));
	}

	/**
	 * The slot a subscription of this name uses on the publisher: {@link #slotName()}, or else, as
	 * in PostgreSQL, the subscription name.
	 */
	public String slotNameOr(String subscriptionName) {
		return effectiveSlotName(this.slotName, subscriptionName);
	}

	/** {@link #slotNameOr(String)} before there is a definition, e.g. while reading a configuration. */
	public static String effectiveSlotName(@Nullable String slotName, String subscriptionName) {
		return (slotName != null) ? slotName : subscriptionName;
	}

	/** A builder holding this definition's values. */
	public Builder toBuilder() {
		Builder builder = new Builder(this.connectionString, this.publications);
		builder.copyData = this.copyData;
		builder.createSlot = this.createSlot;
		builder.enabled = this.enabled;
		builder.slotName = this.slotName;
		builder.streaming = this.streaming;
		builder.binary = this.binary;
		builder.disableOnError = this.disableOnError;
		builder.twoPhase = this.twoPhase;
		builder.origin = this.origin;
		builder.failover = this.failover;
		builder.passwordRequired = this.passwordRequired;
		builder.runAsOwner = this.runAsOwner;
		builder.synchronousCommit = this.synchronousCommit;
		return builder;
	}

	/** Builds a {@link SubscriptionDefinition}. */
	public static final class Builder {

		private ConnInfo connectionString;

		private List<String> publications;

		private boolean copyData = true;

		private boolean createSlot = true;

		private boolean enabled = true;

		private @Nullable String slotName;

		private @Nullable Streaming streaming;

		private @Nullable Boolean binary;

		private @Nullable Boolean disableOnError;

		private @Nullable Boolean twoPhase;

		private @Nullable Origin origin;

		private @Nullable Boolean failover;

		private @Nullable Boolean passwordRequired;

		private @Nullable Boolean runAsOwner;

		private @Nullable String synchronousCommit;

		private Builder(ConnInfo connectionString, List<String> publications) {
			this.connectionString = connectionString;
			this.publications = publications;
		}

		public Builder connectionString(ConnInfo connectionString) {
			this.connectionString = connectionString;
			return this;
		}

		public Builder publications(List<String> publications) {
			this.publications = publications;
			return this;
		}

		public Builder copyData(boolean copyData) {
			this.copyData = copyData;
			return this;
		}

		public Builder createSlot(boolean createSlot) {
			this.createSlot = createSlot;
			return this;
		}

		public Builder enabled(boolean enabled) {
			this.enabled = enabled;
			return this;
		}

		public Builder slotName(@Nullable String slotName) {
			this.slotName = slotName;
			return this;
		}

		public Builder streaming(@Nullable Streaming streaming) {
			this.streaming = streaming;
			return this;
		}

		public Builder binary(@Nullable Boolean binary) {
			this.binary = binary;
			return this;
		}

		public Builder disableOnError(@Nullable Boolean disableOnError) {
			this.disableOnError = disableOnError;
			return this;
		}

		public Builder twoPhase(@Nullable Boolean twoPhase) {
			this.twoPhase = twoPhase;
			return this;
		}

		public Builder origin(@Nullable Origin origin) {
			this.origin = origin;
			return this;
		}

		public Builder failover(@Nullable Boolean failover) {
			this.failover = failover;
			return this;
		}

		public Builder passwordRequired(@Nullable Boolean passwordRequired) {
			this.passwordRequired = passwordRequired;
			return this;
		}

		public Builder runAsOwner(@Nullable Boolean runAsOwner) {
			this.runAsOwner = runAsOwner;
			return this;
		}

		public Builder synchronousCommit(@Nullable String synchronousCommit) {
			this.synchronousCommit = synchronousCommit;
			return this;
		}

		public SubscriptionDefinition build() {
			return new SubscriptionDefinition(this.connectionString, this.publications, this.copyData, this.createSlot,
					this.enabled, this.slotName, this.streaming, this.binary, this.disableOnError, this.twoPhase,
					this.origin, this.failover, this.passwordRequired, this.runAsOwner, this.synchronousCommit);
		}

	}

}
