package io.pgrepl.core.status;

import java.time.Duration;
import java.time.Instant;

/**
 * The newest heartbeat a subscription has applied: the row of pgrepl's heartbeat table that the
 * publishing application writes for one of the subscription's publications, as the subscriber has
 * it. Its age is the end-to-end lag, measured without the publisher.
 *
 * @param subscription the subscription
 * @param publication the publication whose heartbeat it is
 * @param writtenAt when the publisher wrote it, by the publisher server's clock
 * @param interval how often the publishing application writes it
 * @param age the subscriber server's clock now minus {@code writtenAt}; zero rather than negative
 * when the subscriber's clock is behind the publisher's
 */
public record ReceivedHeartbeat(String subscription, String publication, Instant writtenAt, Duration interval,
		Duration age) {

}
