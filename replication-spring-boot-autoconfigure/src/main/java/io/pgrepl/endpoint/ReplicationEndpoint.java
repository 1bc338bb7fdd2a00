package io.pgrepl.endpoint;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.pgrepl.core.Replication;
import io.pgrepl.core.health.ReplicationSnapshot;
import io.pgrepl.core.model.ReplicationException;
import io.pgrepl.core.model.Secrets;
import io.pgrepl.core.plan.DesiredPublication;
import io.pgrepl.core.plan.DesiredSubscription;
import io.pgrepl.core.plan.Plan;
import io.pgrepl.core.sequence.SequenceSyncReport;
import io.pgrepl.core.subscription.Subscription;
import io.pgrepl.core.switchover.SwitchoverOptions;
import io.pgrepl.core.switchover.SwitchoverReport;
import io.pgrepl.core.verify.VerifyReport;
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
 * {@code skip} with {@code lsn}, and the migration operations {@code sync-sequences},
 * {@code verify} and {@code switchover}) or reconcile now ({@code POST /actuator/replication} with
 * {@code action: reconcile}), and return what they did with health after it. Nothing it returns
 * carries a password or a connection string. Like every endpoint, it is reachable only once
 * exposed; secure its write operations (see the documentation).
 */
@Endpoint(id = "replication")
public class ReplicationEndpoint {

	private static final List<String> MIGRATION = List.of("sync-sequences", "verify", "switchover");

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
			drift = ReplicationReport.Action.of(this.replication.drift(), secrets);
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
	 * @param margin for {@code sync-sequences} and {@code switchover}: added to every publisher
	 * sequence value (default 0)
	 * @param roles for {@code switchover}: the publisher roles the application writes as,
	 * comma-separated
	 * @param dryRun for {@code switchover}: only the preflight runs, the other steps are listed
	 * (default false)
	 * @param finish for {@code switchover}: {@code drop} (default) or {@code disable} the subscription
	 * @param verify for {@code switchover}: whether the data is verified once writes stopped and the
	 * subscriber caught up (default false)
	 */
	@WriteOperation
	public WebEndpointResponse<OperationResult> operate(@Selector String name, String action,
			@Nullable Boolean copyData, @Nullable String lsn, @Nullable Long margin, @Nullable String roles,
			@Nullable Boolean dryRun, @Nullable String finish, @Nullable Boolean verify) {
		if (declaredSubscription(name) == null) {
			return refused(name, action, WebEndpointResponse.STATUS_NOT_FOUND,
					"'" + name + "' is not a declared subscription");
		}
		String verb = action.toLowerCase(Locale.ROOT);
		if (MIGRATION.contains(verb)) {
			return migrate(name, verb, (margin != null) ? margin : 0, roles, Boolean.TRUE.equals(dryRun), finish,
					Boolean.TRUE.equals(verify));
		}
		Subscription subscription = this.replication.subscription(name);
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
						+ "refresh (with copyData), skip (with lsn), sync-sequences (with margin), verify or switchover "
						+ "(with roles, dryRun, finish, verify, margin); reconcile is POST /actuator/replication");
			}
			return new WebEndpointResponse<>(
					new OperationResult(name, verb, true, did, List.of(), null, this.replication.snapshot()));
		}
		catch (ReplicationException ex) {
			return refused(name, action, WebEndpointResponse.STATUS_BAD_REQUEST,
					ReplicationReport.Statement.hide(secrets(), ex.getMessage()));
		}
	}

	/**
	 * The migration operations of a declared subscription, each returning the core's report: a
	 * switchover that failed and rolled back is answered with {@code done: false} and its report.
	 */
	private WebEndpointResponse<OperationResult> migrate(String name, String verb, long margin, @Nullable String roles,
			boolean dryRun, @Nullable String finish, boolean verify) {
		try {
			return switch (verb) {
				case "sync-sequences" -> {
					SequenceSyncReport report = this.replication.syncSequences(name, margin);
					yield done(name, verb, "synced " + report.sequences().size() + " sequences"
							+ (report.complete() ? "" : "; some could not be synced: see the report"), report);
				}
				case "verify" -> {
					VerifyReport report = this.replication.verify(name);
					yield done(name, verb, report.equal() ? "every table is equal"
							: "differences in " + report.differing().size() + " tables", report);
				}
				default -> switchover(name, margin, roles, dryRun, finish, verify);
			};
		}
		catch (ReplicationException ex) {
			return refused(name, verb, WebEndpointResponse.STATUS_BAD_REQUEST,
					ReplicationReport.Statement.hide(secrets(), ex.getMessage()));
		}
	}

	private WebEndpointResponse<OperationResult> switchover(String name, long margin, @Nullable String roles,
			boolean dryRun, @Nullable String finish, boolean verify) {
		List<String> names = (roles != null) ? Arrays.stream(roles.split(",")).map(String::strip)
			.filter((role) -> !role.isEmpty())
			.toList() : List.of();
		if (names.isEmpty()) {
			return refused(name, "switchover", WebEndpointResponse.STATUS_BAD_REQUEST,
					"switchover needs roles: the publisher roles the application writes as, comma-separated");
		}
		SwitchoverOptions.Finish ending;
		if (finish == null || finish.equalsIgnoreCase("drop")) {
			ending = SwitchoverOptions.Finish.DROP_SUBSCRIPTION;
		}
		else if (finish.equalsIgnoreCase("disable")) {
			ending = SwitchoverOptions.Finish.DISABLE_SUBSCRIPTION;
		}
		else {
			return refused(name, "switchover", WebEndpointResponse.STATUS_BAD_REQUEST,
					"finish must be drop or disable, not '" + finish + "'");
		}
		SwitchoverOptions options = SwitchoverOptions.forRoles(names.toArray(String[]::new))
			.withSequenceMargin(margin)
			.withFinish(ending, false)
			.withVerification(false, verify)
			.withDryRun(dryRun);
		SwitchoverReport report = this.replication.switchover(name, options);
		if (report.failure() != null || report.rolledBack() || (!dryRun && !report.completed())) {
			return new WebEndpointResponse<>(new OperationResult(name, "switchover", false, "the switchover failed"
					+ (report.rolledBack() ? " and was rolled back: the publisher takes writes again" : "") + " ("
							+ ReplicationReport.Statement.hide(secrets(), String.valueOf(report.failure())) + ")", List.of(), report,
					this.replication.snapshot()), WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR);
		}
		return done(name, "switchover", dryRun ? "dry run: the preflight passed; the steps are listed"
				: "switched over; the roles' writes were blocked for " + report.writeBlockedMillis() + " ms", report);
	}

	private WebEndpointResponse<OperationResult> done(String name, String verb, String message, Object report) {
		return new WebEndpointResponse<>(
				new OperationResult(name, verb, true, message, List.of(), report, this.replication.snapshot()));
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
					new OperationResult("replication", "reconcile", true, message, ran, null, this.replication.snapshot()));
		}
		catch (ReplicationException ex) {
			return refused("replication", action, WebEndpointResponse.STATUS_BAD_REQUEST,
					ReplicationReport.Statement.hide(secrets(), ex.getMessage()));
		}
	}

	private WebEndpointResponse<OperationResult> refused(String target, String action, int status, String why) {
		return new WebEndpointResponse<>(new OperationResult(target, action, false, why, List.of(), null, null), status);
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
