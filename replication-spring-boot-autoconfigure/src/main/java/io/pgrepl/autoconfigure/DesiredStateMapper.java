package io.pgrepl.autoconfigure;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.pgrepl.autoconfigure.ReplicationProperties.Publication;
import io.pgrepl.autoconfigure.ReplicationProperties.Subscription;
import io.pgrepl.core.health.HealthThresholds;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.InvalidSettingException;
import io.pgrepl.core.model.Message;
import io.pgrepl.core.model.Operation;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.PublicationTable;
import io.pgrepl.core.model.ReplicationArgumentException;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SettingRef;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredStateException;
import io.pgrepl.core.plan.DesiredStateProblem;
import io.pgrepl.core.plan.DesiredStateValidator;
import io.pgrepl.core.plan.DesiredSubscription;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Turns {@link ReplicationProperties} into core's {@link DesiredState}, checking everything that
 * needs no server: names are plain identifiers, lists are not empty, operations exist, all-tables
 * is not combined with tables, the publisher is located. Every problem is collected, then all are
 * thrown together, each pointing at its setting, which {@link PropertyNames} names.
 */
final class DesiredStateMapper {

	private static final String IDENTIFIER_ACTION = "Use a plain PostgreSQL identifier: letters, digits, "
			+ "underscores and $, starting with a letter or underscore, at most 63 bytes";

	private final List<DesiredStateProblem> problems = new ArrayList<>();

	private final PublisherPools pools;

	private DesiredStateMapper(PublisherPools pools) {
		this.pools = pools;
	}

	/**
	 * The desired state of these properties.
	 * @param pools where the publishers' pools come from
	 * @throws DesiredStateException listing every problem
	 */
	static DesiredState map(ReplicationProperties properties, PublisherPools pools) {
		return map(properties, pools, List.of());
	}

	/**
	 * The desired state of these properties, failing on these problems found before binding too.
	 * @param pools where the publishers' pools come from
	 * @throws DesiredStateException listing every problem
	 */
	static DesiredState map(ReplicationProperties properties, PublisherPools pools,
			List<DesiredStateProblem> unbound) {
		DesiredStateMapper mapper = new DesiredStateMapper(pools);
		mapper.problems.addAll(unbound);
		List<DesiredPublication> publications = new ArrayList<>();
		properties.getPublications().forEach((name, publication) -> {
			DesiredPublication desired = mapper.publication(name, publication);
			if (desired != null) {
				publications.add(desired);
			}
		});
		List<DesiredSubscription> subscriptions = new ArrayList<>();
		properties.getSubscriptions().forEach((name, subscription) -> {
			DesiredSubscription desired = mapper.subscription(name, subscription);
			if (desired != null) {
				subscriptions.add(desired);
			}
		});
		mapper.checkThresholds(properties.getHealth());
		// The checks that need no server, on what could be mapped: the same function the core runs
		// before its first statement, here so that startup fails before the Replication bean exists.
		DesiredState state = new DesiredState(publications, subscriptions, PropertyNames.NAMES);
		mapper.problems.addAll(DesiredStateValidator.validateDeclared(state, Integer.MAX_VALUE));
		if (!mapper.problems.isEmpty()) {
			throw new DesiredStateException(mapper.problems, PropertyNames.NAMES);
		}
		return state;
	}

	/** The health thresholds, whose warning must not exceed their critical level. */
	static HealthThresholds thresholds(ReplicationProperties.Health health) {
		return new HealthThresholds(health.getLagWarning(), health.getLagCritical(), health.getLagBytesWarning().toBytes(),
				health.getLagBytesCritical().toBytes(), health.getRetainedWalWarning().toBytes(),
				health.getRetainedWalCritical().toBytes());
	}

	private void checkThresholds(ReplicationProperties.Health health) {
		try {
			thresholds(health);
		}
		catch (InvalidSettingException ex) {
			this.problems.add(new DesiredStateProblem(ex.getSetting(), ex.getProblem(),
					Message.of("Set the warning level at or below the critical one")));
		}
	}

	private void duplicates(List<String> values, SettingRef object, Setting setting) {
		for (int i = 0; i < values.size(); i++) {
			int first = values.indexOf(values.get(i));
			if (first < i) {
				problem(object.setting(setting, i), "'" + values.get(i) + "' is listed twice (also at [" + first + "])",
						"List each name once");
			}
		}
	}

	private @Nullable DesiredPublication publication(String name, Publication publication) {
		SettingRef declared = SettingRef.publication(name);
		int before = this.problems.size();
		identifier(name, declared);
		List<PublicationTable> tables = new ArrayList<>();
		for (int i = 0; i < publication.getTables().size(); i++) {
			PublicationTable table = table(publication.getTables().get(i), declared.setting(Setting.TABLES, i));
			if (table != null) {
				if (tables.contains(table)) {
					// orders and public.orders are one table: the core would merge them silently
					problem(declared.setting(Setting.TABLES, i), "table " + table + " is listed twice",
							"List each table once");
				}
				tables.add(table);
			}
		}
		for (int i = 0; i < publication.getSchemas().size(); i++) {
			identifier(publication.getSchemas().get(i), declared.setting(Setting.SCHEMAS, i));
		}
		if (publication.isAllTables() && !publication.getTables().isEmpty()) {
			problem(declared.setting(Setting.ALL_TABLES), "all-tables is true and tables are listed too",
					"Set either all-tables to true or list tables, not both");
		}
		if (publication.isAllTables() && !publication.getSchemas().isEmpty()) {
			problem(declared.setting(Setting.ALL_TABLES), "all-tables is true and schemas are listed too",
					"Set either all-tables to true or list schemas, not both");
		}
		duplicates(publication.getOperations(), declared, Setting.OPERATIONS);
		Set<Operation> operations = EnumSet.noneOf(Operation.class);
		if (publication.getOperations().isEmpty()) {
			problem(declared.setting(Setting.OPERATIONS), "no operation is listed",
					"List at least one of insert, update, delete, truncate (or leave it out for all four)");
		}
		for (int i = 0; i < publication.getOperations().size(); i++) {
			SettingRef operation = declared.setting(Setting.OPERATIONS, i);
			try {
				operations.add(Operation.fromName(publication.getOperations().get(i), PropertyNames.of(operation)));
			}
			catch (ReplicationArgumentException ex) {
				problem(operation, ex.getReason(), "Use insert, update, delete or truncate");
			}
		}
		List<PublicationTable> distinct = List.of();
		try {
			distinct = PublicationTable.allOf(tables);
		}
		catch (ReplicationArgumentException ex) {
			problem(declared.setting(Setting.TABLES), ex.getMessage(), "List each table once");
		}
		if (this.problems.size() > before) {
			return null;
		}
		PublicationDefinition definition = (publication.isAllTables() ? PublicationDefinition.forAllTables()
				: PublicationDefinition.forTables(distinct).withSchemas(publication.getSchemas()))
			.withOperations(operations)
			.withPublishViaPartitionRoot(publication.isPublishViaPartitionRoot());
		return new DesiredPublication(name, definition, publication.isPrune(), publication.getHeartbeat());
	}

	private @Nullable DesiredSubscription subscription(String name, Subscription subscription) {
		SettingRef declared = SettingRef.subscription(name);
		int before = this.problems.size();
		identifier(name, declared);
		List<String> publications = subscription.getPublications();
		if (publications.isEmpty()) {
			problem(declared.setting(Setting.PUBLICATIONS), "no publication is listed",
					"List the publications on the publisher to subscribe to");
		}
		for (int i = 0; i < publications.size(); i++) {
			identifier(publications.get(i), declared.setting(Setting.PUBLICATIONS, i));
		}
		List<TableName> sequences = new ArrayList<>();
		for (int i = 0; i < subscription.getSequences().size(); i++) {
			TableName sequence = sequence(subscription.getSequences().get(i), declared.setting(Setting.SEQUENCES, i));
			if (sequence != null) {
				sequences.add(sequence);
			}
		}
		String slotName = StringUtils.hasText(subscription.getSlotName()) ? subscription.getSlotName() : null;
		if (this.problems.size() == before) {
			SettingRef slot = declared.setting(Setting.SLOT_NAME);
			try {
				Identifiers.requireValidSlotName(SubscriptionDefinition.effectiveSlotName(slotName, name), PropertyNames.of(slot));
			}
			catch (ReplicationArgumentException ex) {
				this.problems.add(new DesiredStateProblem(slot,
						Message.of((slotName != null) ? ex.getReason()
								: "the subscription name '" + name + "' cannot be its slot name"),
						Message.of("Set ", slot, " to lower case letters, digits and underscores")));
			}
		}
		PublisherConnection publisher = new PublisherConnection(subscription.getPublisher(), declared, this.problems);
		ConnInfo connInfo = publisher.connInfo();
		if (connInfo == null || this.problems.size() > before) {
			return null;
		}
		// With the server's passfile the password stays out of the connection string the subscriber
		// server stores (subconninfo); the application still uses it for its own reads.
		ConnInfo serverConnInfo = subscription.getPublisher().isPasswordFromServerPassfile() ? connInfo.without("password")
				: connInfo;
		SubscriptionDefinition definition = SubscriptionDefinition
			.builder(serverConnInfo, publications.toArray(String[]::new))
			.copyData(subscription.isCopyData())
			.createSlot(subscription.isCreateSlot())
			.enabled(subscription.isEnabled())
			.slotName(slotName)
			.streaming(subscription.getStreaming())
			.binary(subscription.isBinary())
			.disableOnError(subscription.isDisableOnError())
			.twoPhase(subscription.isTwoPhase())
			.origin(subscription.getOrigin())
			.failover(subscription.isFailover())
			.passwordRequired(subscription.isPasswordRequired())
			.runAsOwner(subscription.isRunAsOwner())
			.build();
		var dataSource = publisher.dataSource(connInfo, this.pools);
		if (this.problems.size() > before) {
			return null;
		}
		return new DesiredSubscription(name, definition, subscription.isCreateTables(), dataSource, publisher.route(),
				sequences, subscription.isRequirePublisherAtStartup());
	}

	private @Nullable TableName sequence(String text, SettingRef setting) {
		try {
			TableName sequence = TableName.parse(text);
			Identifiers.requirePlain(sequence.schema(), PropertyNames.of(setting));
			Identifiers.requirePlain(sequence.name(), PropertyNames.of(setting));
			return sequence;
		}
		catch (ReplicationArgumentException ex) {
			problem(setting, ex.getReason(), "Write sequence or schema.sequence with plain PostgreSQL identifiers");
			return null;
		}
	}

	private @Nullable PublicationTable table(ReplicationProperties.Table entry, SettingRef setting) {
		String text = entry.getName();
		if (!StringUtils.hasText(text)) {
			problem(setting, "the table has no name",
					"Write the table as a name, or as an object with name (and where, columns)");
			return null;
		}
		TableName table;
		try {
			table = TableName.parse(text);
			Identifiers.requirePlain(table.schema(), PropertyNames.of(setting));
			Identifiers.requirePlain(table.name(), PropertyNames.of(setting));
		}
		catch (ReplicationArgumentException ex) {
			problem(setting, ex.getReason(), "Write table or schema.table with plain PostgreSQL identifiers");
			return null;
		}
		int before = this.problems.size();
		entry.getColumns().forEach((column) -> identifier(column, setting));
		if (this.problems.size() > before) {
			return null;
		}
		try {
			return new PublicationTable(table, entry.getWhere(), entry.getColumns());
		}
		catch (ReplicationArgumentException ex) {
			problem(setting, ex.getReason(), "Write one SQL expression in where, and list each column once");
			return null;
		}
	}

	private void identifier(String name, SettingRef setting) {
		try {
			Identifiers.requirePlain(name, PropertyNames.of(setting));
		}
		catch (ReplicationArgumentException ex) {
			problem(setting, ex.getReason(), IDENTIFIER_ACTION);
		}
	}

	/** The problem names the property: the message says only what is wrong with its value. */
	private void problem(SettingRef setting, String message, String action) {
		this.problems.add(new DesiredStateProblem(setting, message, action));
	}

}
