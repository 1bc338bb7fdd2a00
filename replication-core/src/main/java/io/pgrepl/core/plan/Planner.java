package io.pgrepl.core.plan;

import java.util.ArrayList;
import java.util.List;

import io.pgrepl.core.model.Message;

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
		desired.publications().forEach((publication) -> PublicationPlanner.plan(publication, snapshot, actions, warnings));
		desired.subscriptions()
			.forEach((subscription) -> SubscriptionPlanner.plan(subscription, snapshot, actions, warnings));
		return new Plan(actions, warnings);
	}

}
