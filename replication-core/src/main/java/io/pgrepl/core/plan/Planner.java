package io.pgrepl.core.plan;

import java.util.ArrayList;
import java.util.List;

import io.pgrepl.core.model.Message;
import io.pgrepl.core.plan.PlanAction.Kind;
import io.pgrepl.core.publication.Heartbeat;

/**
 * Computes the {@link Plan} from a desired state and a catalog snapshot: a pure function, so the
 * rules can be tested without a server. Publications come first (a subscription in the same
 * database may need them), then subscriptions, each in declaration order.
 *
 * <ul>
 * <li>Nothing that the desired state does not name is dropped; tables leave a publication only
 * with {@code prune}.</li>
 * <li>Tables change by {@code ADD TABLE}/{@code DROP TABLE}, never {@code SET TABLE}, which would
 * silently drop tables added by hand.</li>
 * <li>What PostgreSQL cannot alter in place becomes a warning, never an action.</li>
 * <li>An unchanged desired state gives an empty plan.</li>
 * </ul>
 */
public final class Planner {

	private Planner() {
	}

	/**
	 * The plan that makes {@code snapshot} match {@code desired}. Expects a desired state that
	 * {@link DesiredStateValidator} found no problem with.
	 */
	public static Plan plan(DesiredState desired, CatalogSnapshot snapshot) {
		List<PlanAction> actions = new ArrayList<>();
		List<Message> warnings = new ArrayList<>();
		createHeartbeatTable(desired, snapshot, actions);
		desired.publications().forEach((publication) -> PublicationPlanner.plan(publication, snapshot, actions, warnings));
		desired.subscriptions()
			.forEach((subscription) -> SubscriptionPlanner.plan(subscription, snapshot, actions, warnings));
		return new Plan(actions, warnings);
	}

	/**
	 * pgrepl's heartbeat table, before the publications that publish it and the subscriptions that
	 * receive it: a publisher writes its heartbeats there, and a subscriber must have it before its
	 * rows arrive (PostgreSQL stops the apply on a change to a table the subscriber lacks). Created
	 * on the subscriber whether or not the subscription creates tables: it is pgrepl's own.
	 */
	private static void createHeartbeatTable(DesiredState desired, CatalogSnapshot snapshot, List<PlanAction> actions) {
		boolean writes = desired.publications().stream().anyMatch((publication) -> publication.heartbeat() != null)
				&& !snapshot.existingTables().contains(Heartbeat.TABLE);
		boolean receives = desired.subscriptions().stream().anyMatch((subscription) -> {
			PublisherSnapshot publisher = snapshot.publishers().get(subscription.name());
			return publisher != null && publisher.lacksHeartbeatTable();
		});
		if (writes || receives) {
			actions.add(PlanAction.inTransaction(Kind.CREATE_HEARTBEAT_TABLE, Heartbeat.TABLE.toString(),
					"create pgrepl's heartbeat table " + Heartbeat.TABLE + " ("
							+ (writes ? "publications write their heartbeats there" : "subscriptions receive heartbeats there")
							+ ")",
					Heartbeat.createTable()
						.stream()
						.map((sql) -> writes ? PlanStatement.onPublisher(sql) : PlanStatement.onSubscriber(sql))
						.toList()));
		}
	}

}
