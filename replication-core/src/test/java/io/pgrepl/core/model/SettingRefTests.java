package io.pgrepl.core.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Messages point at settings by reference and name them only when rendered. */
class SettingRefTests {

	private static final SettingRef ORDERS_PUB = SettingRef.publication("orders_pub");

	@Test
	void theCoreNamesSettingsAsItsJavaApiSpellsThem() {
		assertThat(ORDERS_PUB.setting(Setting.TABLES, 2)).hasToString("publication 'orders_pub' tables[2]");
		assertThat(SettingRef.subscription("orders_sub").setting(Setting.CREATE_TABLES))
			.hasToString("subscription 'orders_sub' createTables");
		assertThat(SettingRef.healthThreshold(Setting.LAG_CRITICAL)).hasToString("lagCritical");
		assertThat(SettingRef.publications()).hasToString("publications");
		assertThat(Setting.PUBLISH_VIA_PARTITION_ROOT.javaName()).isEqualTo("publishViaPartitionRoot");
	}

	@Test
	void aMessageIsRenderedWithTheNamesItIsGiven() {
		Message message = Message.of("set ", ORDERS_PUB.setting(Setting.OPERATIONS), " to [insert, truncate]");
		SettingNames upperCase = (ref) -> ref.setting().name();

		assertThat(message).hasToString("set publication 'orders_pub' operations to [insert, truncate]");
		assertThat(message.render(upperCase)).isEqualTo("set OPERATIONS to [insert, truncate]");
		assertThat(message.settings()).containsExactly(ORDERS_PUB.setting(Setting.OPERATIONS));
		assertThat(message).isEqualTo(Message.of("set ", ORDERS_PUB.setting(Setting.OPERATIONS), " to [insert, truncate]"));
	}

	@Test
	void aSiblingIsNamedByWhatDiffersWhenNamesAreDotted() {
		SettingRef user = SettingRef.subscription("s").setting(Setting.PUBLISHER_USER);
		SettingRef password = SettingRef.subscription("s").setting(Setting.PUBLISHER_PASSWORD);
		Message message = Message.of("Check ", user, " and ", Message.sibling(password));
		SettingNames dotted = (ref) -> "app.s." + ref.setting().javaName().replace("publisher", "publisher.");

		assertThat(message.render(dotted)).isEqualTo("Check app.s.publisher.User and .Password");
		assertThat(message).hasToString("Check subscription 's' publisherUser and subscription 's' publisherPassword");
		assertThat(message.settings()).containsExactly(user, password);
	}

	@Test
	void aSettingBelongsToOneKindOfObject() {
		assertThatThrownBy(() -> ORDERS_PUB.setting(Setting.SLOT_NAME)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Message.of("tables ", 2)).isInstanceOf(IllegalArgumentException.class);
	}

}
