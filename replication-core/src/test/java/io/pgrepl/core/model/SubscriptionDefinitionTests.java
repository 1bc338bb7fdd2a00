package io.pgrepl.core.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionDefinitionTests {

	@Test
	void theSlotIsTheSubscriptionNameUnlessOneIsSet() {
		SubscriptionDefinition unnamed = SubscriptionDefinition.builder("host=pub", "orders_pub").build();
		SubscriptionDefinition named = unnamed.toBuilder().slotName("orders_slot").build();

		assertThat(unnamed.slotNameOr("orders_sub")).isEqualTo("orders_sub");
		assertThat(named.slotNameOr("orders_sub")).isEqualTo("orders_slot");
		assertThat(SubscriptionDefinition.effectiveSlotName(null, "orders_sub")).isEqualTo("orders_sub");
	}

}
