package io.pgrepl.core.model;

import java.util.Map;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnInfoTests {

	@Test
	void builderQuotesEveryValueWithLibpqEscapes() {
		ConnInfo connInfo = ConnInfo.builder()
			.host("db.example")
			.port(5433)
			.database("my app")
			.user("o'brien")
			.password("p\\ss 'word'")
			.option("sslmode", "require")
			.build();

		assertThat(connInfo.toConnectionString()).isEqualTo(
				"host='db.example' port='5433' dbname='my app' user='o\\'brien' password='p\\\\ss \\'word\\'' sslmode='require'");
	}

	@Test
	void parseReadsBackWhatTheBuilderWrote() {
		ConnInfo built = ConnInfo.builder()
			.host("h")
			.database("a b")
			.user("u\\x")
			.password("it's \"quoted\"")
			.options(Map.of("application_name", "x y"))
			.build();

		ConnInfo parsed = ConnInfo.parse(built.toConnectionString());

		assertThat(parsed).isEqualTo(built);
		assertThat(parsed.password()).isEqualTo("it's \"quoted\"");
		assertThat(parsed.user()).isEqualTo("u\\x");
	}

	@Test
	void parseAcceptsUnquotedValuesAndSpacesAroundEquals() {
		ConnInfo parsed = ConnInfo.parse("host = db port=5432   dbname=app user=rep password=s3cret");

		assertThat(parsed.host()).isEqualTo("db");
		assertThat(parsed.port()).isEqualTo(5432);
		assertThat(parsed.database()).isEqualTo("app");
		assertThat(parsed.password()).isEqualTo("s3cret");
	}

	@Test
	void parseReadsUris() {
		ConnInfo parsed = ConnInfo.parse("postgresql://rep%40corp:p%2Fw@db.example:6432/sales?sslmode=require");

		assertThat(parsed.user()).isEqualTo("rep@corp");
		assertThat(parsed.password()).isEqualTo("p/w");
		assertThat(parsed.host()).isEqualTo("db.example");
		assertThat(parsed.port()).isEqualTo(6432);
		assertThat(parsed.database()).isEqualTo("sales");
		assertThat(parsed.get("sslmode")).isEqualTo("require");
	}

	@Test
	void parseRejectsMalformedStrings() {
		assertThatThrownBy(() -> ConnInfo.parse("host")).isInstanceOf(ReplicationArgumentException.class)
			.hasMessageContaining("'host' has no value");
		assertThatThrownBy(() -> ConnInfo.parse("password='open")).isInstanceOf(ReplicationArgumentException.class)
			.hasMessageContaining("unterminated quote");
		assertThatThrownBy(() -> ConnInfo.builder().option("bad key", "x"))
			.isInstanceOf(ReplicationArgumentException.class)
			.hasMessageContaining("not a libpq connection keyword");
	}

	@Test
	void toStringMasksThePassword() {
		ConnInfo connInfo = ConnInfo.builder().host("h").user("u").password("hunter2").build();

		assertThat(connInfo.toString()).isEqualTo("host='h' user='u' password='********'").doesNotContain("hunter2");
	}

	@Test
	void maskPasswordsCoversEveryFormTheSecretCanTake() {
		String secret = "s3 'cr\\et";
		String keywordValue = ConnInfo.builder().host("h").password(secret).user("u").build().toConnectionString();
		String sqlLiteral = "CREATE SUBSCRIPTION s CONNECTION " + Identifiers.literal(keywordValue) + " PUBLICATION p";

		assertThat(ConnInfo.maskPasswords(keywordValue)).doesNotContain("s3").contains("user=");
		assertThat(ConnInfo.maskPasswords(sqlLiteral)).doesNotContain("s3").contains("PUBLICATION p");
		assertThat(ConnInfo.maskPasswords("host=h password=plain user=u")).isEqualTo("host=h password=******** user=u");
		assertThat(ConnInfo.maskPasswords("postgresql://rep:pw@h/db")).isEqualTo("postgresql://rep:********@h/db");
		assertThat(ConnInfo.maskPasswords("postgres://h/db?user=u&password=pw")).isEqualTo(
				"postgres://h/db?user=u&password=********");
		assertThat(ConnInfo.maskPasswords(null)).isEmpty();
	}

	@Test
	void secretsMaskKnownPasswordsWhereverAndHoweverQuotedTheyAppear() {
		String secret = "s3 'cr\\et";
		ConnInfo connInfo = ConnInfo.builder().host("h").password(secret).build();
		Secrets secrets = Secrets.of(connInfo, null);

		assertThat(secrets.mask("invalid input syntax for type integer: \"" + secret + "\"")).doesNotContain("cr");
		assertThat(secrets.mask("select " + Identifiers.literal(secret))).isEqualTo("select E'********'");
		assertThat(secrets.mask(Identifiers.literal(connInfo.toConnectionString()))).doesNotContain("cr");
		assertThat(secrets.mask(null)).isEmpty();
		assertThat(Secrets.NONE.mask("host=h password=plain")).isEqualTo(ConnInfo.maskPasswords("host=h password=plain"));
		assertThat(secrets.toString()).doesNotContain("s3");
	}

	@Test
	void toDataSourceCarriesHostPortDatabaseAndCredentials() {
		DataSource dataSource = ConnInfo.parse("host=db port=6543 dbname=app user=rep password=pw sslmode=require")
			.toDataSource();

		PGSimpleDataSource pg = (PGSimpleDataSource) dataSource;
		assertThat(pg.getServerNames()).containsExactly("db");
		assertThat(pg.getPortNumbers()).containsExactly(6543);
		assertThat(pg.getDatabaseName()).isEqualTo("app");
		assertThat(pg.getUser()).isEqualTo("rep");
		assertThat(pg.getPassword()).isEqualTo("pw");
		assertThat(pg.getSslMode()).isEqualTo("require");
	}

}
