package io.pgrepl.endpoint;

import java.util.List;

import io.pgrepl.core.health.ReplicationSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * What a write operation of {@code /actuator/replication} did, and health after it.
 *
 * @param target the subscription, or {@code replication} for a reconcile
 * @param action {@code enable}, {@code disable}, {@code refresh}, {@code skip}, {@code sync-sequences},
 * {@code verify}, {@code switchover} or {@code reconcile}
 * @param done whether it ran
 * @param message what it did, or why it was refused
 * @param statements for a reconcile, what it ran (passwords and connection strings hidden)
 * @param report for {@code sync-sequences}, {@code verify} and {@code switchover}: the core's report
 * ({@code SequenceSyncReport}, {@code VerifyReport}, {@code SwitchoverReport}); otherwise {@code null}
 * @param health the health of everything declared, read after the operation; {@code null} when it
 * was refused before running
 */
public record OperationResult(String target, String action, boolean done, String message,
		List<ReplicationReport.Action> statements, @Nullable Object report, @Nullable ReplicationSnapshot health) {

}
