package io.pgrepl.core.subscription;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.Feature;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.PgVersion;
import io.pgrepl.core.model.ReplicationArgumentException;
import io.pgrepl.core.model.SubscriptionDefinition;

/**
 * The statements that change a subscription, and its slot on the publisher, built without a
 * connection: {@link Subscription} runs them, and the planner shows and runs the very same strings.
 *
 * <p>
 * {@code CREATE SUBSCRIPTION} and {@code DROP SUBSCRIPTION} with a slot, {@code REFRESH PUBLICATION}
 * and {@code SET PUBLICATION} with refresh cannot run inside a transaction block: run them in
 * autocommit. {@link #create} and {@link #setConnection} carry the connection string's password:
 * show them only masked ({@link ConnInfo#maskPasswords(String)}).
 */
public final class SubscriptionSql {

	private SubscriptionSql() {
	}

	/**
	 * {@code CREATE SUBSCRIPTION} for this definition on a subscriber of this version.
	 * @param slotName the slot on the publisher
	 * @param createSlot whether {@code CREATE SUBSCRIPTION} creates the slot; {@code false} when it
	 * exists already, or is created by {@link #createSlot} because the publisher is in the same
	 * cluster
	 * @throws io.pgrepl.core.model.UnsupportedFeatureException when an option needs a newer server
	 */
	public static String create(String subscription, SubscriptionDefinition definition, String slotName,
			boolean createSlot, PgVersion version) {
		StringBuilder sql = new StringBuilder("CREATE SUBSCRIPTION ").append(Identifiers.quote(subscription))
			.append(" CONNECTION ")
			.append(Identifiers.literal(definition.connectionString().toConnectionString()))
			.append(" PUBLICATION ")
			.append(quotedList(definition.publications()))
			.append(" WITH (copy_data = ")
			.append(definition.copyData())
			.append(", create_slot = ")
			.append(createSlot)
			.append(", enabled = ")
			.append(definition.enabled())
			.append(", slot_name = ")
			.append(Identifiers.literal(slotName));
		SubscriptionOptions.gated(definition, version)
			.forEach((keyword, value) -> sql.append(", ").append(keyword).append(" = ").append(value));
		return sql.append(')').toString();
	}

	/**
	 * {@code pg_create_logical_replication_slot} for the slot {@code CREATE SUBSCRIPTION} would
	 * otherwise create, run on the publisher. Needed when the publisher is a database of the same
	 * cluster: there {@code CREATE SUBSCRIPTION} with {@code create_slot = true} never returns,
	 * because creating a logical slot waits for every running transaction to end, its own included.
	 * @param publisherVersion the publisher's version ({@code failover} is an argument from 17)
	 */
	public static String createSlot(String slotName, SubscriptionDefinition definition, PgVersion publisherVersion) {
		return "select pg_create_logical_replication_slot(" + Identifiers.literal(slotName) + ", 'pgoutput', false, "
				+ Boolean.TRUE.equals(definition.twoPhase())
				+ (publisherVersion.supports(Feature.FAILOVER) ? ", " + Boolean.TRUE.equals(definition.failover()) : "")
				+ ")";
	}

	/** {@code pg_drop_replication_slot}, run on the publisher. */
	public static String dropSlot(String slotName) {
		return "select pg_drop_replication_slot(" + Identifiers.literal(slotName) + ")";
	}

	/**
	 * {@code ALTER SUBSCRIPTION ... SKIP (lsn = ...)} (15+): the apply worker skips the remote
	 * transaction that finishes at this LSN, the one its error in the subscriber's log names.
	 * @throws ReplicationArgumentException when {@code lsn} is not an LSN such as {@code 0/14C0378}
	 */
	public static String skip(String subscription, String lsn) {
		if (!lsn.matches("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}")) {
			throw new ReplicationArgumentException("lsn", "'" + lsn + "' is not an LSN; give the finish LSN of the failed "
					+ "transaction as the subscriber's log shows it, such as 0/14C0378");
		}
		return alter(subscription, "SKIP (lsn = " + Identifiers.literal(lsn) + ")");
	}

	/** {@code ALTER SUBSCRIPTION ... ENABLE}. */
	public static String enable(String subscription) {
		return alter(subscription, "ENABLE");
	}

	/** {@code ALTER SUBSCRIPTION ... DISABLE}. */
	public static String disable(String subscription) {
		return alter(subscription, "DISABLE");
	}

	/** {@code ALTER SUBSCRIPTION ... REFRESH PUBLICATION}; PostgreSQL refuses it on a disabled subscription. */
	public static String refresh(String subscription, boolean copyData) {
		return alter(subscription, "REFRESH PUBLICATION WITH (copy_data = " + copyData + ")");
	}

	/** {@code ALTER SUBSCRIPTION ... CONNECTION}, password included: mask it before showing. */
	public static String setConnection(String subscription, ConnInfo connectionString) {
		return alter(subscription, "CONNECTION " + Identifiers.literal(connectionString.toConnectionString()));
	}

	/**
	 * {@code ALTER SUBSCRIPTION ... SET PUBLICATION}; with {@code refresh} it cannot run on a disabled
	 * subscription.
	 */
	public static String setPublications(String subscription, List<String> publications, boolean refresh,
			boolean copyData) {
		return alter(subscription, "SET PUBLICATION " + quotedList(publications) + " WITH (refresh = " + refresh
				+ (refresh ? ", copy_data = " + copyData : "") + ")");
	}

	/**
	 * {@code ALTER SUBSCRIPTION ... SET (...)} for options as {@link SubscriptionOptions#gated} writes
	 * them (keyword to SQL value).
	 */
	public static String setOptions(String subscription, Map<String, String> options) {
		return alter(subscription, "SET (" + options.entrySet()
			.stream()
			.map((option) -> option.getKey() + " = " + option.getValue())
			.collect(Collectors.joining(", ")) + ")");
	}

	/**
	 * {@code ALTER SUBSCRIPTION ... SET (slot_name = NONE)}: detaches a disabled subscription from its
	 * slot, so that it can be dropped without reaching the publisher.
	 */
	public static String detachSlot(String subscription) {
		return alter(subscription, "SET (slot_name = NONE)");
	}

	/** {@code DROP SUBSCRIPTION}; with a slot it connects to the publisher to drop the slot there. */
	public static String drop(String subscription) {
		return "DROP SUBSCRIPTION " + Identifiers.quote(subscription);
	}

	private static String alter(String subscription, String action) {
		return "ALTER SUBSCRIPTION " + Identifiers.quote(subscription) + " " + action;
	}

	private static String quotedList(List<String> names) {
		return names.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
	}

}
