package io.pgrepl.core;

import java.time.Duration;
import java.util.List;

import io.pgrepl.core.health.HealthThresholds;
import io.pgrepl.core.health.PublisherHealth;
import io.pgrepl.core.health.SubscriptionHealth;
import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.PublicationDefinition;
import io.pgrepl.core.model.SubscriptionDefinition;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredState;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.core.plan.PendingChangesException;
import io.pgrepl.core.plan.Plan;
import io.pgrepl.core.plan.PlanAction;
import io.pgrepl.core.plan.PlanAction.Kind;
import io.pgrepl.core.plan.Reconciler;
import io.pgrepl.test.ReplicationIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicationTests extends ReplicationIntegrationTests {

	@Test
	void planShowsValidateRefusesAndApplyCreates() {
		this.publisher.execute("create table orders (id int primary key)");
		Replication replication = Replication.configure(this.publisher.dataSource())
			.desiredState(publisherState())
			.load();

		Plan plan = replication.plan();

		assertThat(plan.actions()).extracting(PlanAction::kind).containsExactly(Kind.CREATE_PUBLICATION);
		assertThat(this.publisher.queryForLong("select count(*) from pg_publication")).isZero();
		assertThatThrownBy(replication::validate).isInstanceOf(PendingChangesException.class)
			.hasMessageContaining("CREATE PUBLICATION \"orders_pub\"");
		assertThat(replication.apply().actions()).extracting(PlanAction::kind).containsExactly(Kind.CREATE_PUBLICATION);
		replication.validate();
		assertThat(replication.plan().isEmpty()).isTrue();
		assertThat(replication.publication("orders_pub").describe().orElseThrow().tableNames())
			.containsExactly(new TableName("public", "orders"));
	}

	@Test
	void bothSidesReplicateAndReportHealthThroughTheirEntryPoints() {
		this.publisher.execute("create table orders (id int primary key)", "insert into orders values (1)");
		Replication publisher = Replication.configure(this.publisher.dataSource()).desiredState(publisherState()).load();
		Replication subscriber = Replication.configure(this.subscriber.dataSource())
			.desiredState(subscriberState(true))
			.load();

		publisher.apply();
		subscriber.apply();
		this.subscriber.awaitRowCount("orders", 1);

		PublisherHealth publisherHealth = publisher.publisherHealth();
		assertThat(publisherHealth.healthy()).as("%s", publisherHealth.issues()).isTrue();
		assertThat(publisherHealth.publications()).containsOnlyKeys("orders_pub");
		assertThat(publisherHealth.publications().get("orders_pub").exists()).isTrue();
		assertThat(publisherHealth.slots()).extracting((slot) -> slot.name()).contains("orders_sub");
		SubscriptionHealth subscriptionHealth = subscriber.subscriptionHealth("orders_sub");
		assertThat(subscriptionHealth.healthy()).as("%s", subscriptionHealth.issues()).isTrue();
		assertThat(subscriptionHealth.enabled()).isTrue();
		assertThat(subscriptionHealth.slot().lagBytes()).as("measured through the declared publisher").isNotNull();
		assertThat(subscriber.subscription("orders_sub").describe()).isPresent();
	}

	@Test
	void aSubscriptionDeclaredDisabledIsHealthyWhileDisabled() {
		this.publisher.execute("create table orders (id int primary key)");
		Replication.configure(this.publisher.dataSource()).desiredState(publisherState()).load().apply();
		Replication subscriber = Replication.configure(this.subscriber.dataSource())
			.desiredState(subscriberState(false))
			.load();

		subscriber.apply();

		SubscriptionHealth health = subscriber.subscriptionHealth("orders_sub");
		assertThat(health.enabled()).isFalse();
		assertThat(health.healthy()).as("%s", health.issues()).isTrue();
	}

	@Test
	void anUndeclaredSubscriptionIsCheckedAsOneThatShouldExistAndBeEnabled() {
		Replication replication = Replication.configure(this.subscriber.dataSource()).load();

		SubscriptionHealth health = replication.subscriptionHealth("elsewhere_sub");

		assertThat(health.exists()).isFalse();
		assertThat(health.issues()).singleElement().asString().contains("'elsewhere_sub' does not exist");
		assertThat(replication.subscription("elsewhere_sub").exists()).isFalse();
	}

	@Test
	void theConfigurationStartsEmptyWithTheDefaults() {
		Replication replication = Replication.configure(this.publisher.dataSource()).load();

		assertThat(replication.desiredState().isEmpty()).isTrue();
		assertThat(replication.thresholds()).isEqualTo(HealthThresholds.DEFAULTS);
		assertThat(replication.lockTimeout()).isEqualTo(Reconciler.DEFAULT_LOCK_TIMEOUT);
		assertThat(replication.dataSource()).isSameAs(this.publisher.dataSource());
		HealthThresholds strict = HealthThresholds.DEFAULTS.withLag(Duration.ZERO, Duration.ofSeconds(1));
		Replication configured = Replication.configure(this.publisher.dataSource())
			.thresholds(strict)
			.lockTimeout(Duration.ofSeconds(5))
			.load();
		assertThat(configured.thresholds()).isEqualTo(strict);
		assertThat(configured.lockTimeout()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void awaitingTheSyncOfASubscriptionWhosePublicationsPublishNoTableReturnsAtOnce() {
		this.publisher.execute("create publication orders_pub");
		Replication subscriber = Replication.configure(this.subscriber.dataSource())
			.desiredState(subscriberState(true))
			.load();
		subscriber.apply();

		long started = System.nanoTime();
		subscriber.awaitSync("orders_sub", Duration.ofSeconds(30));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not the timeout").isLessThan(Duration.ofSeconds(10));
		assertThatThrownBy(() -> Replication.configure(this.subscriber.dataSource())
			.desiredState(new DesiredState(List.of(), List.of(DesiredSubscription.of("missing_sub",
					SubscriptionDefinition.builder(ConnInfo.parse(this.publisher.peerConnInfo()), "orders_pub").build(),
					false))))
			.load()
			.awaitSync("missing_sub", Duration.ofMillis(300))).as("a subscription that does not exist is not synced")
			.hasMessageContaining("missing_sub");
	}

	private DesiredState publisherState() {
		return new DesiredState(List.of(DesiredPublication.of("orders_pub", PublicationDefinition.forTables("orders"))),
				List.of());
	}

	private DesiredState subscriberState(boolean enabled) {
		SubscriptionDefinition definition = SubscriptionDefinition
			.builder(ConnInfo.parse(this.publisher.peerConnInfo()), "orders_pub")
			.enabled(enabled)
			.build();
		return new DesiredState(List.of(), List.of(DesiredSubscription.of("orders_sub", definition, true)));
	}

}
