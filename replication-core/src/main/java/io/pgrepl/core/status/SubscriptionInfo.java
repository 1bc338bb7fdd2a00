package io.pgrepl.core.status;

import java.util.List;

import io.pgrepl.core.model.ConnInfo;
import io.pgrepl.core.model.Origin;
import io.pgrepl.core.model.Streaming;
import org.jspecify.annotations.Nullable;

/**
 * A subscription of the current database as {@code pg_subscription} describes it. Options that the
 * server's version does not have read as PostgreSQL's behaviour for that version (for example
 * {@code origin = any} on 14).
 *
 * @param name the subscription name
 * @param owner the owning role
 * @param enabled {@code subenabled}
 * @param connectionString {@code subconninfo}, or {@code null} where the role may not read it;
 * its {@code toString()} masks the password
 * @param slotName the slot on the publisher, or {@code null} after {@code SET (slot_name = NONE)}
 * @param publications the publications subscribed to
 * @param synchronousCommit {@code subsynccommit}
 * @param binary {@code subbinary}
 * @param streaming {@code substream}
 * @param twoPhase whether two-phase commit is requested (enabled or pending)
 * @param disableOnError {@code subdisableonerr}
 * @param origin {@code suborigin}
 * @param failover {@code subfailover}
 * @param passwordRequired {@code subpasswordrequired}
 * @param runAsOwner {@code subrunasowner}
 */
public record SubscriptionInfo(String name, String owner, boolean enabled, @Nullable ConnInfo connectionString,
		@Nullable String slotName, List<String> publications, String synchronousCommit, boolean binary,
		Streaming streaming, boolean twoPhase, boolean disableOnError, Origin origin, boolean failover,
		boolean passwordRequired, boolean runAsOwner) {

	public SubscriptionInfo {
		publications = List.copyOf(publications);
	}

}
