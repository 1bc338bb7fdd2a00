package io.pgrepl.endpoint;

import java.util.List;
import java.util.Locale;

import io.pgrepl.core.Replication;
import io.pgrepl.core.health.ReplicationSnapshot;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.Secrets;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.core.plan.Plan;
import io.pgrepl.core.subscription.Subscription;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/replication}: reading it reports the declared state, the drift (what apply
 * would run now), the last reconcile and the health of every declared publication and
 * subscription; {@code /actuator/replication/{name}} one of them. Its write operations act on a
 * declared subscription ({@code enable}, {@code disable}, {@code refresh} with {@code copyData},
 * {@code skip} with {@code lsn}) or reconcile now ({@code POST /actuator/replication} with
 * {@code action: reconcile}), and return what they did with health after it. Nothing it returns
 * carries a password or a connection string. Like every endpoint, it is reachable only once
 * exposed; secure its write operations (see the documentation).
 */
@Endpoint(id = "replication")
public class ReplicationEndpoint {

	private final Replication replication;

	public ReplicationEndpoint(Replication replication) {
		this.replication = replication;
	}

	@ReadOperation
	public ReplicationReport report() {
		Secrets secrets = secrets();
		List<ReplicationReport.Action> drift = List.of();
		String driftError = null;
		try {
			drift = ReplicationReport.Action.of(this.replication.plan(), secrets);
		}
		catch (ReplicationException ex) {
			driftError = ReplicationReport.Statement.hide(secrets, ex.getMessage());
		}
		ReplicationSnapshot snapshot = this.replication.snapshot();
		return new ReplicationReport(
				this.replication.desiredState().publications().stream().map(ReplicationReport.Publication::of).toList(),
				this.replication.desiredState().subscriptions().stream().map(ReplicationReport.Subscription::of).toList(),
				drift, driftError,
				this.replication.lastApply().map((run) -> ReplicationReport.Reconcile.of(run, secrets)).orElse(null),
				snapshot.publisher(), snapshot.subscriptions());
	}

	/**
	 * One declared subscription's health, or a declared publication with the publisher's health;
	 * 404 for any other name.
	 */
	@ReadOperation
	public WebEndpointResponse<Object> object(@Selector String name) {
		if (declaredSubscription(name) != null) {
			return new WebEndpointResponse<>(this.replication.subscriptionHealth(name));
		}
		for (DesiredPublication publication : this.replication.desiredState().publications()) {
			if (publication.name().equals(name)) {
				return new WebEndpointResponse<>(
						new PublicationReport(ReplicationReport.Publication.of(publication), this.replication.publisherHealth()));
			}
		}
		return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

	/**
	 * Acts on a declared subscription.
	 * @param name the subscription
	 * @param action {@code enable}, {@code disable}, {@code refresh} or {@code skip}
	 * @param copyData for {@code refresh}: whether rows of newly added tables are copied (default true)
	 * @param lsn for {@code skip}: the finish LSN of the failing transaction (PostgreSQL 15+)
	 */
	@WriteOperation
	public WebEndpointResponse<OperationResult> operate(@Selector String name, String action,
			@Nullable Boolean copyData, @Nullable String lsn) {
		if (declaredSubscription(name) == null) {
			return refused(name, action, WebEndpointResponse.STATUS_NOT_FOUND,
					"'" + name + "' is not a declared subscription");
		}
		Subscription subscription = this.replication.subscription(name);
		String verb = action.toLowerCase(Locale.ROOT);
		try {
			String did = switch (verb) {
				case "enable" -> {
					subscription.enable();
					yield "ALTER SUBSCRIPTION " + name + " ENABLE";
				}
				case "disable" -> {
					subscription.disable();
					yield "ALTER SUBSCRIPTION " + name + " DISABLE";
				}
				case "refresh" -> {
					boolean copy = (copyData == null) || copyData;
					subscription.refresh(copy);
					yield "ALTER SUBSCRIPTION " + name + " REFRESH PUBLICATION WITH (copy_data = " + copy + ")";
				}
				case "skip" -> {
					if (lsn == null) {
						yield null;
					}
					subscription.skip(lsn);
					yield "ALTER SUBSCRIPTION " + name + " SKIP (lsn = '" + lsn + "')";
				}
				default -> null;
			};
			if (did == null) {
				return refused(name, action, WebEndpointResponse.STATUS_BAD_REQUEST, "action must be enable, disable, "
						+ "refresh (with copyData) or skip (with lsn); reconcile is POST /actuator/replication");
			}
			return new WebEndpointResponse<>(
					new OperationResult(name, verb, true, did, List.of(), this.replication.snapshot()));
		}
		catch (ReplicationException ex) {
			return refused(name, action, WebEndpointResponse.STATUS_BAD_REQUEST,
					ReplicationReport.Statement.hide(secrets(), ex.getMessage()));
		}
	}

	/**
	 * Reconciles now: makes the catalog match the declared state under the advisory lock every
	 * instance shares, as at startup.
	 * @param action {@code reconcile}
	 */
	@WriteOperation
	public WebEndpointResponse<OperationResult> reconcile(String action) {
		if (!"reconcile".equalsIgnoreCase(action)) {
			return refused("replication", action, WebEndpointResponse.STATUS_BAD_REQUEST,
					"action must be reconcile; the other actions are POST /actuator/replication/{subscription}");
		}
		try {
			Plan plan = this.replication.apply();
			List<ReplicationReport.Action> ran = ReplicationReport.Action.of(plan, secrets());
			String message = plan.hasNoActions() ? "the catalog already matched; nothing ran"
					: "ran " + ran.stream().mapToInt((a) -> a.statements().size()).sum() + " statements";
			return new WebEndpointResponse<>(
					new OperationResult("replication", "reconcile", true, message, ran, this.replication.snapshot()));
		}
		catch (ReplicationException ex) {
			return refused("replication", action, WebEndpointResponse.STATUS_BAD_REQUEST,
					ReplicationReport.Statement.hide(secrets(), ex.getMessage()));
		}
	}

	private WebEndpointResponse<OperationResult> refused(String target, String action, int status, String why) {
		return new WebEndpointResponse<>(new OperationResult(target, action, false, why, List.of(), null), status);
	}

	private @Nullable DesiredSubscription declaredSubscription(String name) {
		return this.replication.desiredState()
			.subscriptions()
			.stream()
			.filter((subscription) -> subscription.name().equals(name))
			.findFirst()
			.orElse(null);
	}

	private Secrets secrets() {
		return this.replication.desiredState().secrets();
	}

	/**
	 * A declared publication with the health of its publisher.
	 *
	 * @param publication the declared publication
	 * @param publisher the publisher's health: its publications, slots and capacity
	 */
	public record PublicationReport(ReplicationReport.Publication publication,
			io.pgrepl.core.health.PublisherHealth publisher) {

	}

}
