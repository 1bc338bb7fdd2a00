package io.pgrepl.core.subscription;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pgrepl.core.internal.jdbc.PgSession;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.Identifiers;
import io.pgrepl.core.model.ReplicationSqlException;
import io.pgrepl.core.model.Secrets;
import io.pgrepl.core.model.Side;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.publication.Publication;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The publisher's password never appears in logs or exception messages, although no caller masks
 * it: sessions know the passwords of the connection strings they handle.
 */
class SecretsTests extends ReplicationIntegrationTests {

	private static final String PASSWORD = "Sup3r'Secret\\pw";

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	@BeforeEach
	void captureLogsAndCreateReplicationRole() {
		this.logs.start();
		rootLogger().addAppender(this.logs);
		this.publisher.execute("create table orders (id int primary key)",
				"do $$ begin if not exists (select from pg_roles where rolname = 'rep_user') then "
						+ "create role rep_user login replication; end if; end $$",
				"alter role rep_user password " + Identifiers.literal(PASSWORD),
				"grant select on orders to rep_user");
		this.subscriber.execute("create table orders (id int primary key)");
		new Publication(this.publisher.dataSource(), "orders_pub").create("orders");
	}

	@AfterEach
	void stopCapturing() {
		rootLogger().detachAppender(this.logs);
	}

	@Test
	void aSubscriptionWithAPasswordLogsItMasked() {
		Subscription subscription = new Subscription(this.subscriber.dataSource(), "orders_sub");
		subscription.create(SubscriptionDefinition.builder(connInfo(PASSWORD), "orders_pub").build());
		this.publisher.execute("insert into orders values (1)");
		this.subscriber.awaitRowCount("orders", 1);
		subscription.setConnection(connInfo(PASSWORD));

		assertThat(subscription.describe().orElseThrow().connectionString().password()).isEqualTo(PASSWORD);
		assertThat(subscription.describe().orElseThrow().toString()).doesNotContain("Secret");
		assertThat(loggedText()).contains("CREATE SUBSCRIPTION", "ALTER SUBSCRIPTION", ConnInfo.MASK)
			.doesNotContain("Secret");
	}

	@Test
	void aWrongPasswordFailsWithoutShowingIt() {
		String wrong = "Wr0ng'Secret\\pw";
		Subscription subscription = new Subscription(this.subscriber.dataSource(), "orders_sub");

		assertThatThrownBy(() -> subscription.create(SubscriptionDefinition.builder(connInfo(wrong), "orders_pub").build()))
			.isInstanceOf(ReplicationSqlException.class)
			.hasMessageContaining("password authentication failed")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("Secret"));
		assertThat(loggedText()).doesNotContain("Secret");
		assertThat(subscription.exists()).isFalse();
	}

	@Test
	void aFailingStatementCarryingThePasswordNeverShowsIt() {
		Subscription subscription = new Subscription(this.subscriber.dataSource(), "orders_sub");
		SubscriptionDefinition definition = SubscriptionDefinition.builder(connInfo(PASSWORD), "orders_pub").build();
		subscription.create(definition);

		Throwable created = catchThrowable(() -> subscription.create(definition));
		Throwable altered = catchThrowable(() -> new Subscription(this.subscriber.dataSource(), "no_such_sub")
			.setConnection(connInfo(PASSWORD)));

		assertThat(created).hasMessageContaining("CREATE SUBSCRIPTION").hasMessageContaining("already exists");
		assertThat(altered).hasMessageContaining("ALTER SUBSCRIPTION").hasMessageContaining("does not exist");
		assertThat(chain(created) + chain(altered)).contains(ConnInfo.MASK).doesNotContain("Sup3r");
		assertThat(loggedText()).doesNotContain("Secret");
	}

	@Test
	void aSessionMasksItsPasswordsWhereverTheServerQuotesThem() {
		Secrets secrets = Secrets.of(connInfo(PASSWORD));

		Throwable failure;
		try (PgSession session = PgSession.open(this.subscriber.dataSource(), Side.SUBSCRIBER, secrets)) {
			failure = catchThrowable(() -> session.execute("select " + Identifiers.literal(PASSWORD) + "::int"));
		}

		assertThat(failure).isInstanceOf(ReplicationSqlException.class)
			.hasMessageContaining("invalid input syntax for type integer");
		assertThat(chain(failure)).doesNotContain("Sup3r");
		assertThat(loggedText()).contains("select E'********'::int").doesNotContain("Secret");
	}

	/** Every message, toString and stack trace of an exception's chain. */
	private static String chain(Throwable failure) {
		StringWriter text = new StringWriter();
		failure.printStackTrace(new PrintWriter(text));
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			text.append(cause.getMessage()).append('\n').append(cause.toString()).append('\n');
		}
		return text.toString();
	}

	private ConnInfo connInfo(String password) {
		ConnInfo peer = ConnInfo.parse(this.publisher.peerConnInfo());
		return peer.with("user", "rep_user").with("password", password);
	}

	private String loggedText() {
		List<String> lines = this.logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
		return String.join("\n", lines);
	}

	private static Logger rootLogger() {
		return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

}
