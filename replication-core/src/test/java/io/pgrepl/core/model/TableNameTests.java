package io.pgrepl.core.model;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableNameTests {

	@Test
	void unqualifiedNamesAreInSchemaPublic() {
		assertThat(TableName.of("orders")).isEqualTo(new TableName("public", "orders"));
		assertThat(TableName.of("sales.orders")).isEqualTo(new TableName("sales", "orders"));
	}

	@Test
	void namesAreExactAndQuotedPartsMayHoldDots() {
		assertThat(TableName.of("Sales.Orders")).isEqualTo(new TableName("Sales", "Orders"));
		assertThat(TableName.of("\"my.schema\".\"odd\"\"name\"")).isEqualTo(new TableName("my.schema", "odd\"name"));
	}

	@Test
	void quotedDoublesEmbeddedQuotesSoInjectionStaysAName() {
		TableName table = new TableName("public", "x\"; DROP TABLE victims; --");

		assertThat(table.quoted()).isEqualTo("\"public\".\"x\"\"; DROP TABLE victims; --\"");
		assertThat(TableName.parse(table.toString())).isEqualTo(table);
	}

	@Test
	void malformedNamesAreRefused() {
		assertThatThrownBy(() -> TableName.of("")).isInstanceOf(ReplicationArgumentException.class);
		assertThatThrownBy(() -> TableName.of("a.b.c")).hasMessageContaining("use table or schema.table");
		assertThatThrownBy(() -> TableName.of("\"open")).hasMessageContaining("unclosed double quote");
		assertThatThrownBy(() -> TableName.of("x".repeat(64))).hasMessageContaining("at most 63 bytes");
		assertThatThrownBy(() -> TableName.of(42)).hasMessageContaining("not java.lang.Integer");
	}

	@Test
	void classesUseTheirTableAnnotationOrSnakeCase() {
		assertThat(TableName.of(JpaOrder.class)).isEqualTo(new TableName("sales", "orders"));
		assertThat(TableName.of(JpaNameOnly.class)).isEqualTo(new TableName("public", "customers"));
		assertThat(TableName.of(SpringDataProduct.class)).isEqualTo(new TableName("catalog", "products"));
		assertThat(TableName.of(OrderLine.class)).isEqualTo(new TableName("public", "order_line"));
		assertThat(TableName.snakeCase("HTTPRequestLog")).isEqualTo("http_request_log");
	}

	@Test
	void allOfNamesTheOffendingPosition() {
		assertThatThrownBy(() -> TableName.allOf(List.of("ok", "")))
			.isInstanceOfSatisfying(ReplicationArgumentException.class,
					(ex) -> assertThat(ex.getArgument()).isEqualTo("tables[1]"));
		assertThat(TableName.allOf(List.of("a", "public.a", OrderLine.class))).containsExactly(
				new TableName("public", "a"), new TableName("public", "order_line"));
	}

	@jakarta.persistence.Table(schema = "sales", name = "orders")
	static class JpaOrder {

	}

	@jakarta.persistence.Table(name = "customers")
	static class JpaNameOnly {

	}

	@org.springframework.data.relational.core.mapping.Table(schema = "catalog", value = "products")
	static class SpringDataProduct {

	}

	static class OrderLine {

	}

}
