package io.pgrepl.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.pgrepl.core.ReconcileRun;
import io.pgrepl.core.health.PublisherHealth;
import io.pgrepl.core.health.SubscriptionHealth;
import io.pgrepl.core.model.Operation;
import io.pgrepl.core.model.Secrets;
import io.pgrepl.core.model.TableName;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.core.plan.Plan;
import io.pgrepl.core.plan.PlanAction;
import io.pgrepl.core.plan.PlanStatement;
import org.jspecify.annotations.Nullable;

/**
 * Everything pgrepl knows about this application's replication, as {@code /actuator/replication}
 * shows it. Built from the declared state (never its connection strings), the plan apply would run
 * now and one health snapshot; passwords and connection strings never appear.
 *
 * @param publications the declared publications
 * @param subscriptions the declared subscriptions
 * @param drift the actions apply would run now; empty when the catalog matches
 * @param driftError why the drift could not be computed, or {@code null}
 * @param lastReconcile the last apply, or {@code null} before any
 * @param publisher the publisher's health (publications, slots, capacity), or {@code null} when no
 * publication is declared
 * @param subscriptionHealth each declared subscription's health: every table with its state and
 * copy progress, lag, errors, the slot
 */
public record ReplicationReport(List<Publication> publications, List<Subscription> subscriptions,
		List<Action> drift, @Nullable String driftError, @Nullable Reconcile lastReconcile,
		@Nullable PublisherHealth publisher, List<SubscriptionHealth> subscriptionHealth) {

	/**
	 * A declared publication.
	 *
	 * @param name its name
	 * @param allTables whether it publishes every table
	 * @param tables the tables it lists
	 * @param operations what it publishes
	 */
	public record Publication(String name, boolean allTables, List<String> tables, Set<Operation> operations) {

		static Publication of(DesiredPublication publication) {
			return new Publication(publication.name(), publication.definition().allTables(),
					publication.definition().tableNames().stream().map(TableName::toString).toList(),
					publication.definition().operations());
		}

	}

	/**
	 * A declared subscription, without its connection.
	 *
	 * @param name its name
	 * @param publications the publications it subscribes to
	 * @param enabled whether it should be enabled
	 * @param slot its slot on the publisher
	 * @param createTables whether missing tables are created
	 */
	public record Subscription(String name, List<String> publications, boolean enabled, String slot,
			boolean createTables) {

		static Subscription of(DesiredSubscription subscription) {
			return new Subscription(subscription.name(), subscription.definition().publications(),
					subscription.definition().enabled(), subscription.slotName(), subscription.createTables());
		}

	}

	/**
	 * One action of a plan.
	 *
	 * @param object the publication or subscription it is about
	 * @param description what it does, in words
	 * @param statements its SQL, on which side, with passwords and connection strings hidden
	 */
	public record Action(String object, String description, List<Statement> statements) {

		static List<Action> of(Plan plan, Secrets secrets) {
			return plan.actions().stream().map((action) -> of(action, secrets)).toList();
		}

		private static Action of(PlanAction action, Secrets secrets) {
			return new Action(action.objectName(), Statement.hide(secrets, action.description()),
					action.statements().stream().map((statement) -> Statement.of(statement, secrets)).toList());
		}

	}

	/**
	 * One statement of an action.
	 *
	 * @param side where it runs: {@code PUBLISHER} or {@code SUBSCRIBER}
	 * @param sql the statement, with passwords and connection strings hidden
	 */
	public record Statement(String side, String sql) {

		static Statement of(PlanStatement statement, Secrets secrets) {
			return new Statement(statement.side().name(), hide(secrets, statement.sql()));
		}

		/**
		 * Masks the passwords, then hides connection strings whole, since they name hosts and users:
		 * the {@code CONNECTION} clause of {@code CREATE/ALTER SUBSCRIPTION} (up to its
		 * {@code PUBLICATION} clause, as masking may have cut its closing quote) and the libpq
		 * keywords of a plan's description ({@code ... at host=...}).
		 */
		static String hide(Secrets secrets, String text) {
			return secrets.mask(text)
				.replaceAll("(?is)CONNECTION\\s+E?'.*?(?=\\s+PUBLICATION\\s|$)", "CONNECTION '(hidden)'")
				.replaceAll("(?is)\\s+at\\s+host=.*", " (connection hidden)");
		}

	}

	/**
	 * The last apply.
	 *
	 * @param startedAt when it started
	 * @param durationMillis how long it took, waiting for the lock included
	 * @param statements how many statements it ran
	 * @param actions what it ran
	 */
	public record Reconcile(Instant startedAt, long durationMillis, int statements, List<Action> actions) {

		static Reconcile of(ReconcileRun run, Secrets secrets) {
			return new Reconcile(run.startedAt(), run.duration().toMillis(), run.statements(),
					Action.of(run.plan(), secrets));
		}

	}

}
