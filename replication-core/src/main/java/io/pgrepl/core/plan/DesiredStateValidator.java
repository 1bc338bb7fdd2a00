package io.pgrepl.core.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.pgrepl.core.model.Feature;
import io.pgrepl.core.model.LibpqKeywords;
import io.pgrepl.core.model.Message;
import io.pgrepl.core.model.Operation;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.PublicationTable;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SettingRef;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.model.TableDefinition;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.preflight.PreflightReport;
import io.pgrepl.core.schema.SchemaMismatchException;
import io.pgrepl.core.schema.SchemaRefusal;
import io.pgrepl.core.schema.SubscriberTables;
import io.pgrepl.core.status.PublicationInfo;
import io.pgrepl.core.status.ReplicaIdentityColumns;
import io.pgrepl.core.status.RowFilter;
import io.pgrepl.core.status.SubscriptionInfo;
import io.pgrepl.core.status.TableWithoutReplicaIdentity;
import io.pgrepl.core.subscription.SubscriptionOptions;

/**
 * Finds what in a desired state cannot be carried out against a {@link CatalogSnapshot}: a pure
 * function, so every problem is known before the first statement runs, and each points at its
 * setting.
 */
public final class DesiredStateValidator {

	private DesiredStateValidator() {
	}

	/** Every problem, in declaration order; empty when the plan can run. */
	public static List<DesiredStateProblem> validate(DesiredState desired, CatalogSnapshot snapshot) {
		List<DesiredStateProblem> problems = new ArrayList<>();
		String walLevelProblem = snapshot.walLevelProblem();
		if (walLevelProblem != null && !desired.publications().isEmpty()) {
			problems.add(new DesiredStateProblem(desired.publications().get(0).settingRef(),
					"publications are declared but this database cannot publish: " + walLevelProblem,
					"Set wal_level = logical on this database's server and restart it"));
		}
		problems.addAll(validateDeclared(desired, snapshot.version().major()));
		desired.publications().forEach((publication) -> validate(publication, snapshot, problems));
		desired.subscriptions().forEach((subscription) -> validate(subscription, snapshot, problems));
		validateSubscriberRole(desired, snapshot, problems);
		return problems;
	}

	/**
	 * The problems a desired state has on its own, whatever the catalog holds: a name listed twice
	 * (PostgreSQL would refuse {@code CREATE SUBSCRIPTION} after the tables were created for it), a
	 * publication of no tables, a connection option the subscriber server's libpq does not know or
	 * a value it does not accept.
	 * @param subscriberMajorVersion the major version of the managed database's server, whose libpq
	 * reads the subscriptions' connection strings
	 */
	public static List<DesiredStateProblem> validateDeclared(DesiredState desired, int subscriberMajorVersion) {
		List<DesiredStateProblem> problems = new ArrayList<>();
		for (DesiredPublication publication : desired.publications()) {
			PublicationDefinition definition = publication.definition();
			if (!definition.allTables() && definition.tables().isEmpty() && definition.schemas().isEmpty()) {
				problems.add(new DesiredStateProblem(publication.settingRef().setting(Setting.TABLES),
						Message.of("no table is listed, which would make a publication of nothing"),
						Message.of("List at least one table or schema, or set ",
								publication.settingRef().setting(Setting.ALL_TABLES), " to true")));
			}
			// the same table twice is a duplicate whatever its row filter or column list
			duplicates(definition.tableNames(), publication.settingRef(), Setting.TABLES, problems);
			duplicates(definition.schemas(), publication.settingRef(), Setting.SCHEMAS, problems);
			validateHeartbeat(publication, problems);
		}
		for (DesiredSubscription subscription : desired.subscriptions()) {
			duplicates(subscription.definition().publications(), subscription.settingRef(), Setting.PUBLICATIONS,
					problems);
			subscription.definition().connectionString().parameters().forEach((keyword, value) -> {
				SettingRef option = subscription.settingRef().setting(Setting.PUBLISHER_OPTIONS).key(keyword);
				String problem = LibpqKeywords.problem(keyword, value);
				if (problem != null) {
					problems.add(new DesiredStateProblem(option, Message.of(problem),
							Message.of("Use a libpq connection keyword and one of its values (see \"Parameter Key Words\" "
									+ "in the libpq documentation), or remove the option")));
				}
				else if (!LibpqKeywords.knows(keyword, subscriberMajorVersion)) {
					problems.add(new DesiredStateProblem(option,
							Message.of("'" + keyword + "' is a libpq keyword of PostgreSQL " + LibpqKeywords.since(keyword)
									+ " and later, but the subscriber server runs PostgreSQL " + subscriberMajorVersion),
							Message.of("Remove the option, or upgrade the subscriber server")));
				}
			});
		}
		return problems;
	}

	/**
	 * A heartbeat is one row, inserted once and updated after: without INSERT or UPDATE published,
	 * the subscriber never sees it change and would call the heartbeat stale.
	 */
	private static void validateHeartbeat(DesiredPublication publication, List<DesiredStateProblem> problems) {
		Duration heartbeat = publication.heartbeat();
		if (heartbeat == null) {
			return;
		}
		SettingRef setting = publication.settingRef().setting(Setting.HEARTBEAT);
		if (heartbeat.isZero() || heartbeat.isNegative()) {
			problems.add(new DesiredStateProblem(setting, Message.of("is " + heartbeat + ", but a heartbeat needs an interval"),
					Message.of("Set a positive interval, such as 10s, or remove the setting to write no heartbeat")));
		}
		Set<Operation> operations = publication.definition().operations();
		if (!operations.contains(Operation.INSERT) || !operations.contains(Operation.UPDATE)) {
			problems.add(new DesiredStateProblem(setting,
					Message.of("the heartbeat row is inserted once and updated after, but the publication does not "
							+ "publish both insert and update, so subscribers would never see it change"),
					Message.of("Publish insert and update (", publication.settingRef().setting(Setting.OPERATIONS),
							"), or remove the heartbeat")));
		}
	}

	private static void duplicates(List<?> values, SettingRef object, Setting setting,
			List<DesiredStateProblem> problems) {
		for (int i = 0; i < values.size(); i++) {
			int first = values.indexOf(values.get(i));
			if (first < i) {
				problems.add(new DesiredStateProblem(object.setting(setting, i),
						Message.of("'" + values.get(i) + "' is listed twice (also at [" + first + "])"),
						Message.of("List each name once")));
			}
		}
	}

	/** Creating a subscription needs a privileged role here; refuse before creating tables for it. */
	private static void validateSubscriberRole(DesiredState desired, CatalogSnapshot snapshot,
			List<DesiredStateProblem> problems) {
		PreflightReport preflight = snapshot.subscriberPreflight();
		if (preflight == null || preflight.ready()) {
			return;
		}
		desired.subscriptions()
			.stream()
			.filter((subscription) -> !snapshot.subscriptions().containsKey(subscription.name()))
			.findFirst()
			.ifPresent((subscription) -> preflight.problems()
				.forEach((problem) -> problems.add(new DesiredStateProblem(subscription.settingRef(),
						"this database cannot create the subscription: " + problem,
						"Connect as a role that may create subscriptions, or change the server as the message says"))));
	}

	private static void validate(DesiredPublication publication, CatalogSnapshot snapshot,
			List<DesiredStateProblem> problems) {
		List<TableName> tables = publication.definition().tableNames();
		for (int i = 0; i < tables.size(); i++) {
			if (!snapshot.existingTables().contains(tables.get(i))) {
				problems.add(new DesiredStateProblem(publication.settingRef().setting(Setting.TABLES, i),
						"table " + tables.get(i) + " does not exist in this database",
						"Create the table first (for example in a Flyway migration) or correct the name: names are "
								+ "case-sensitive and an unqualified name means schema public"));
			}
		}
		if (validateVersion(publication, snapshot, problems)) {
			validateRestrictions(publication, snapshot, problems);
		}
		validateReplicaIdentity(publication, snapshot, problems);
	}

	/**
	 * Row filters, column lists and {@code TABLES IN SCHEMA} arrived in PostgreSQL 15: on 14 each
	 * is refused where it is declared. Returns whether the server has them all.
	 */
	private static boolean validateVersion(DesiredPublication publication, CatalogSnapshot snapshot,
			List<DesiredStateProblem> problems) {
		PublicationDefinition definition = publication.definition();
		int before = problems.size();
		List<PublicationTable> tables = definition.tables();
		for (int i = 0; i < tables.size(); i++) {
			PublicationTable table = tables.get(i);
			SettingRef setting = publication.settingRef().setting(Setting.TABLES, i);
			if (table.rowFilter() != null) {
				unsupported(Feature.ROW_FILTER, setting, snapshot, problems);
			}
			if (!table.columns().isEmpty()) {
				unsupported(Feature.COLUMN_LIST, setting, snapshot, problems);
				if (!definition.schemas().isEmpty() && snapshot.version().supports(Feature.COLUMN_LIST)) {
					problems.add(new DesiredStateProblem(setting,
							Message.of("PostgreSQL does not allow a column list (on " + table.table()
									+ ") in a publication that also publishes TABLES IN SCHEMA"),
							Message.of("Publish the schemas (", publication.settingRef().setting(Setting.SCHEMAS),
									") in another publication, or publish the whole table")));
				}
			}
		}
		if (!definition.schemas().isEmpty()) {
			unsupported(Feature.TABLES_IN_SCHEMA, publication.settingRef().setting(Setting.SCHEMAS), snapshot, problems);
		}
		return problems.size() == before;
	}

	private static void unsupported(Feature feature, SettingRef setting, CatalogSnapshot snapshot,
			List<DesiredStateProblem> problems) {
		if (!snapshot.version().supports(feature)) {
			problems.add(new DesiredStateProblem(setting,
					feature.description() + " requires PostgreSQL " + feature.minimumMajorVersion()
							+ " or later, but this database runs PostgreSQL " + snapshot.version(),
					"Remove it (publish the whole table) or upgrade the server"));
		}
	}

	/**
	 * What PostgreSQL refuses in a row filter, and what it lets through now but makes UPDATE and
	 * DELETE on the table fail later: with UPDATE or DELETE published, a row filter may use only
	 * replica identity columns, and a column list must include them all.
	 */
	private static void validateRestrictions(DesiredPublication publication, CatalogSnapshot snapshot,
			List<DesiredStateProblem> problems) {
		PublicationDefinition definition = publication.definition();
		List<PublicationTable> tables = definition.tables();
		for (int i = 0; i < tables.size(); i++) {
			PublicationTable table = tables.get(i);
			SettingRef setting = publication.settingRef().setting(Setting.TABLES, i);
			RowFilter filter = (table.rowFilter() != null)
					? snapshot.rowFilter(table.table(), table.rowFilter()).orElse(null) : null;
			if (filter != null && filter.refusal() != null) {
				problems.add(new DesiredStateProblem(setting,
						"PostgreSQL refuses the row filter of " + table.table() + ": " + filter.refusal(),
						"Write a WHERE expression on the table's own columns, using only operators and immutable "
								+ "built-in functions"));
				continue;
			}
			ReplicaIdentityColumns identity = snapshot.replicaIdentities().get(table.table());
			if (!definition.publishesUpdateOrDelete() || identity == null) {
				continue;
			}
			Message action = Message.of("Change the replica identity (ALTER TABLE " + table.table().quoted()
					+ " REPLICA IDENTITY FULL, or USING INDEX), or set ",
					publication.settingRef().setting(Setting.OPERATIONS), " to [insert, truncate]");
			if (filter != null) {
				List<String> outside = identity.notCovering(filter.columns());
				if (!outside.isEmpty()) {
					problems.add(new DesiredStateProblem(setting, Message.of("the row filter of " + table.table()
							+ " uses " + String.join(", ", outside) + ", not in its replica identity ("
							+ String.join(", ", identity.columns()) + "); with UPDATE or DELETE published, PostgreSQL "
							+ "would then refuse UPDATE and DELETE on the table"), action));
				}
			}
			if (!table.columns().isEmpty()) {
				List<String> left = identity.leftOutBy(table.columns());
				if (!left.isEmpty()) {
					problems.add(new DesiredStateProblem(setting, Message.of("the column list of " + table.table()
							+ " leaves out " + String.join(", ", left) + " of its replica identity; with UPDATE or "
							+ "DELETE published, PostgreSQL would then refuse UPDATE and DELETE on the table"),
							Message.of("Add " + String.join(", ", left) + " to the column list, or set ",
									publication.settingRef().setting(Setting.OPERATIONS), " to [insert, truncate]")));
				}
			}
		}
	}

	/**
	 * Publishing UPDATE or DELETE of a table without a usable replica identity makes PostgreSQL
	 * refuse UPDATE and DELETE on that table, breaking the publishing application's own writes. A
	 * table already published that way is left to health to report; only new exposure is refused.
	 */
	private static void validateReplicaIdentity(DesiredPublication publication, CatalogSnapshot snapshot,
			List<DesiredStateProblem> problems) {
		PublicationDefinition definition = publication.definition();
		if (!definition.publishesUpdateOrDelete()) {
			return;
		}
		PublicationInfo current = snapshot.publications().get(publication.name());
		boolean alreadyUpdateOrDelete = current != null
				&& (current.operations().contains(Operation.UPDATE) || current.operations().contains(Operation.DELETE));
		Message action = Message.of("Give the table a primary key or a replica identity (ALTER TABLE ... REPLICA "
				+ "IDENTITY FULL), or set ", publication.settingRef().setting(Setting.OPERATIONS), " to [insert, truncate]");
		if (definition.allTables()) {
			if (alreadyUpdateOrDelete && current.allTables()) {
				return;
			}
			for (TableWithoutReplicaIdentity table : snapshot.withoutReplicaIdentity()) {
				problems.add(new DesiredStateProblem(publication.settingRef().setting(Setting.ALL_TABLES),
						Message.of("table " + table.table() + " has no usable replica identity (" + table.reason()
								+ "); publishing its UPDATEs and DELETEs would make UPDATE and DELETE on it fail"),
						action));
			}
			return;
		}
		List<TableName> lacking = snapshot.withoutReplicaIdentity()
			.stream()
			.map(TableWithoutReplicaIdentity::table)
			.toList();
		List<TableName> tables = definition.tableNames();
		for (int i = 0; i < tables.size(); i++) {
			TableName table = tables.get(i);
			boolean newlyExposed = !alreadyUpdateOrDelete || !current.tableNames().contains(table);
			if (lacking.contains(table) && newlyExposed) {
				problems.add(new DesiredStateProblem(publication.settingRef().setting(Setting.TABLES, i),
						Message.of("table " + table + " has no usable replica identity; publishing its UPDATEs and "
								+ "DELETEs would make UPDATE and DELETE on it fail"),
						action));
			}
		}
	}

	private static void validate(DesiredSubscription subscription, CatalogSnapshot snapshot,
			List<DesiredStateProblem> problems) {
		PublisherSnapshot publisher = snapshot.publishers().get(subscription.name());
		if (publisher == null || !publisher.reachable()) {
			// an existing subscription keeps working without the application's view of its publisher
			if (publisher == null || subscription.requirePublisher()
					|| !snapshot.subscriptions().containsKey(subscription.name())) {
				problems.add(unreachable(subscription, publisher));
			}
			return;
		}
		SettingRef declared = subscription.settingRef();
		SubscriptionDefinition definition = subscription.definition();
		if (publisher.walLevelProblem() != null) {
			problems.add(new DesiredStateProblem(declared.setting(subscription.publisherRoute()),
					"the publisher cannot publish: " + publisher.walLevelProblem(),
					"Set wal_level = logical on the publisher's server and restart it"));
		}
		PreflightReport preflight = publisher.preflight();
		if (preflight != null) {
			// Both come from ServerSettings.walLevelProblem: the wal_level problem is reported once, above.
			preflight.problems()
				.stream()
				.filter((problem) -> !problem.equals(publisher.walLevelProblem()))
				.forEach((problem) -> problems.add(new DesiredStateProblem(declared.setting(Setting.PUBLISHER),
						"the publisher cannot serve this subscription: " + problem,
						"Change the publisher or the connection's role as the message says")));
		}
		List<String> publications = definition.publications();
		for (int i = 0; i < publications.size(); i++) {
			if (!publisher.publications().contains(publications.get(i))) {
				problems.add(new DesiredStateProblem(declared.setting(Setting.PUBLICATIONS, i),
						Message.of("publication '" + publications.get(i) + "' does not exist on the publisher"),
						Message.of("Create it on the publisher (for example under ", SettingRef.publications(),
								" of the publishing application) or correct the name")));
			}
		}
		for (Feature feature : SubscriptionOptions.unsupported(definition, snapshot.version())) {
			problems.add(new DesiredStateProblem(declared.setting(setting(feature)),
					feature.description() + " requires PostgreSQL " + feature.minimumMajorVersion()
							+ " or later, but this database runs PostgreSQL " + snapshot.version(),
					"Remove the setting (or set it to its default) or upgrade the server"));
		}
		SubscriptionInfo current = snapshot.subscriptions().get(subscription.name());
		boolean publicationsChange = current != null
				&& !Set.copyOf(current.publications()).equals(Set.copyOf(publications));
		SubscriberTables tables = publisher.tables();
		if (!tables.toCreate().isEmpty() && !subscription.createTables() && (current == null || publicationsChange)) {
			SettingRef createTables = declared.setting(Setting.CREATE_TABLES);
			problems.add(new DesiredStateProblem(createTables,
					Message.of("tables " + names(tables) + " are published but do not exist in this database"),
					Message.of("Create them here (for example in a Flyway migration), or set ", createTables,
							" to true to create them from the publisher's definitions")));
		}
		if (subscription.createTables() && tables.hasWork(true)) {
			SettingRef createTables = declared.setting(Setting.CREATE_TABLES);
			for (SchemaRefusal refusal : tables.refusals()) {
				problems.add(new DesiredStateProblem(createTables, Message.of(refusal.describe() + "; nothing was created"),
						Message.of(refusal.action())));
			}
		}
		if (current == null && !tables.missingColumns().isEmpty() && !subscription.createTables()) {
			problems.add(new DesiredStateProblem(declared.setting(Setting.PUBLICATIONS),
					new SchemaMismatchException(tables.missingColumns()).getMessage(),
					"Add the missing columns to the tables in this database before subscribing"));
		}
	}

	private static DesiredStateProblem unreachable(DesiredSubscription subscription, PublisherSnapshot publisher) {
		String failure = (publisher != null && publisher.failure() != null) ? publisher.failure() : "not read";
		String sqlState = (publisher != null) ? publisher.sqlState() : null;
		SettingRef declared = subscription.settingRef();
		boolean noPassword = subscription.definition().connectionString().password() == null;
		if ((sqlState != null && sqlState.startsWith("28")) || failure.toLowerCase(Locale.ROOT).contains("password")) {
			SettingRef password = declared.setting(Setting.PUBLISHER_PASSWORD);
			return new DesiredStateProblem(password,
					Message.of("the publisher refused to authenticate this application: " + failure),
					noPassword ? Message.of("The publisher requires a password for this user: set ", password)
							: Message.of("Check ", declared.setting(Setting.PUBLISHER_USER), " and ", Message.sibling(password),
									", and that the publisher's pg_hba.conf admits this user from this host"));
		}
		if ("3D000".equals(sqlState)) {
			SettingRef database = declared.setting(Setting.PUBLISHER_DATABASE);
			return new DesiredStateProblem(database,
					Message.of("the publisher has no such database: " + failure),
					Message.of("Correct ", database, " or create the database on the publisher"));
		}
		return new DesiredStateProblem(declared.setting(subscription.publisherRoute()),
				Message.of("cannot reach the publisher: " + failure),
				Message.of("Check the publisher's host and port, that it is running and accepts connections from this "
						+ "application (listen_addresses, pg_hba.conf, firewalls); if the application reaches it by "
						+ "another route than the subscriber server does, set ",
						declared.setting(Setting.PUBLISHER_DATA_SOURCE)));
	}

	/** The setting that asks for a version-gated option. */
	static Setting setting(Feature feature) {
		return switch (feature) {
			case TWO_PHASE -> Setting.TWO_PHASE;
			case DISABLE_ON_ERROR -> Setting.DISABLE_ON_ERROR;
			case ORIGIN -> Setting.ORIGIN;
			case RUN_AS_OWNER -> Setting.RUN_AS_OWNER;
			case PASSWORD_REQUIRED -> Setting.PASSWORD_REQUIRED;
			case STREAMING_PARALLEL -> Setting.STREAMING;
			case FAILOVER -> Setting.FAILOVER;
			default -> throw new IllegalArgumentException(feature + " is not a subscription option");
		};
	}

	private static String names(SubscriberTables tables) {
		return String.join(", ", tables.toCreate().stream().map(TableDefinition::table).map(TableName::toString).toList());
	}

}
