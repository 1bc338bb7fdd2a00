package io.pgrepl.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.jayway.jsonpath.JsonPath;
import io.pgrepl.core.model.Message;
import io.pgrepl.core.model.Setting;
import io.pgrepl.core.model.SettingRef;
import io.pgrepl.core.plan.DesiredStateException;
import io.pgrepl.core.plan.DesiredStateProblem;
import io.pgrepl.core.plan.PendingChangesException;
import io.pgrepl.core.plan.Plan;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/** The one table from the core's settings to this starter's properties: no server needed. */
class PropertyNamesTests {

	private static final SettingRef PUB = SettingRef.publication("orders_pub");

	private static final SettingRef SUB = SettingRef.subscription("orders_sub");

	@Test
	void everySettingIsAPropertyOfTheMetadata() throws IOException {
		Set<String> declared = metadataNames();
		List<SettingRef> refs = new ArrayList<>(List.of(PUB, SUB, SettingRef.publications(), SettingRef.database()));
		for (Setting setting : Setting.values()) {
			refs.add(switch (setting.kind()) {
				case PUBLICATION -> PUB.setting(setting);
				case SUBSCRIPTION -> SUB.setting(setting);
				case HEALTH_THRESHOLDS -> SettingRef.healthThreshold(setting);
				case DATABASE -> throw new IllegalStateException("the database has no settings of its own");
			});
		}
		refs.addAll(List.of(PUB.setting(Setting.TABLES, 2), PUB.setting(Setting.OPERATIONS, 0),
				SUB.setting(Setting.PUBLICATIONS, 1)));

		assertThat(refs).allSatisfy((ref) -> assertThat(declared).as("metadata name of %s", ref)
			.contains(PropertyNames.of(ref)
				.replace(".orders_pub", ".*")
				.replace(".orders_sub", ".*")
				.replaceFirst("\\[\\d+]$", "")));
		assertThat(declared).contains(PropertyNames.MODE);
	}

	@Test
	void namesAreThePropertiesUsersWrite() {
		assertThat(PropertyNames.of(PUB.setting(Setting.TABLES, 2))).isEqualTo("replication.publications.orders_pub.tables[2]");
		assertThat(PropertyNames.of(PUB.setting(Setting.ALL_TABLES))).isEqualTo("replication.publications.orders_pub.all-tables");
		assertThat(PropertyNames.of(SUB.setting(Setting.PUBLISHER_USER)))
			.isEqualTo("replication.subscriptions.orders_sub.publisher.username");
		assertThat(PropertyNames.of(SUB.setting(Setting.PUBLISHER_DATA_SOURCE)))
			.isEqualTo("replication.subscriptions.orders_sub.publisher.jdbc-url");
		assertThat(PropertyNames.of(SettingRef.healthThreshold(Setting.LAG_CRITICAL)))
			.isEqualTo("replication.health.lag-critical");
		assertThat(PropertyNames.of(SettingRef.database())).isEqualTo("replication.datasource");
		assertThat(Message.of("Check ", SUB.setting(Setting.PUBLISHER_USER), " and ",
				Message.sibling(SUB.setting(Setting.PUBLISHER_PASSWORD)), ", and ...")
			.render(PropertyNames.NAMES))
			.isEqualTo("Check replication.subscriptions.orders_sub.publisher.username and .password, and ...");
	}

	@Test
	void bothFailureAnalysesNameProperties() {
		SettingRef createTables = SUB.setting(Setting.CREATE_TABLES);
		DesiredStateException invalid = new DesiredStateException(List.of(new DesiredStateProblem(createTables,
				Message.of("tables public.users are published but do not exist in this database"),
				Message.of("set ", createTables, " to true"))));
		PendingChangesException pending = new PendingChangesException(new Plan(List.of(),
				List.of(Message.of("publication 'orders_pub' is for a list of tables but ", PUB.setting(Setting.ALL_TABLES),
						" is true"))));

		FailureAnalysis invalidAnalysis = new DesiredStateFailureAnalyzer().analyze(invalid);
		FailureAnalysis pendingAnalysis = new PendingChangesFailureAnalyzer().analyze(pending);

		assertThat(invalidAnalysis.getDescription())
			.contains("Property: replication.subscriptions.orders_sub.create-tables\n    Problem:  tables public.users");
		assertThat(invalidAnalysis.getAction())
			.isEqualTo("replication.subscriptions.orders_sub.create-tables: set "
					+ "replication.subscriptions.orders_sub.create-tables to true");
		assertThat(pendingAnalysis.getDescription()).startsWith("replication.mode is validate")
			.contains("but replication.publications.orders_pub.all-tables is true");
	}

	private static Set<String> metadataNames() throws IOException {
		String json;
		try (InputStream in = PropertyNamesTests.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		Set<String> names = new HashSet<>(JsonPath.<List<String>>read(json, "$.properties[*].name"));
		names.addAll(JsonPath.<List<String>>read(json, "$.groups[*].name"));
		return names;
	}

}
