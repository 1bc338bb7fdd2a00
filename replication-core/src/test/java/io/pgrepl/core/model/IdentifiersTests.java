package io.pgrepl.core.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentifiersTests {

	@Test
	void quoteDoublesDoubleQuotes() {
		assertThat(Identifiers.quote("orders")).isEqualTo("\"orders\"");
		assertThat(Identifiers.quote("a\"b")).isEqualTo("\"a\"\"b\"");
	}

	@Test
	void literalDoublesSingleQuotesAndEscapesBackslashes() {
		assertThat(Identifiers.literal("it's")).isEqualTo("'it''s'");
		assertThat(Identifiers.literal("a\\b'c")).isEqualTo("E'a\\\\b''c'");
	}

	@Test
	void requireValidNamesTheArgument() {
		assertThatThrownBy(() -> Identifiers.requireValid("", "publication name"))
			.isInstanceOfSatisfying(ReplicationArgumentException.class,
					(ex) -> assertThat(ex.getArgument()).isEqualTo("publication name"))
			.isInstanceOfSatisfying(ReplicationArgumentException.class,
					(ex) -> assertThat(ex.getReason()).isEqualTo("must not be empty"))
			.hasMessage("publication name must not be empty");
		assertThatThrownBy(() -> Identifiers.requirePlain("a b", "publication name"))
			.isInstanceOfSatisfying(ReplicationArgumentException.class,
					(ex) -> assertThat(ex.getReason()).startsWith("'a b' is not a plain PostgreSQL identifier"));
		assertThatThrownBy(() -> Identifiers.requireValid("a\0b", "x")).hasMessageContaining("NUL");
		assertThat(Identifiers.requireValid("ü".repeat(31), "x")).hasSize(31);
		assertThatThrownBy(() -> Identifiers.requireValid("ü".repeat(32), "x")).hasMessageContaining("64 bytes");
	}

	@Test
	void slotNamesAreLowerCaseLettersDigitsAndUnderscores() {
		assertThat(Identifiers.requireValidSlotName("sub_1", "slotName")).isEqualTo("sub_1");
		assertThatThrownBy(() -> Identifiers.requireValidSlotName("Sub", "slotName"))
			.hasMessageContaining("not a valid replication slot name");
	}

	@Test
	void versionGatesNameTheFeatureAndTheVersion() {
		assertThatThrownBy(() -> PgVersion.ofMajor(16).require(Feature.FAILOVER))
			.isInstanceOf(UnsupportedFeatureException.class)
			.hasMessage("subscription option failover requires PostgreSQL 17 or later, but the server runs "
					+ "PostgreSQL 16.0; remove it or upgrade the server");
		PgVersion.ofMajor(17).require(Feature.FAILOVER);
		assertThat(new PgVersion(140022)).hasToString("14.22");
	}

}
