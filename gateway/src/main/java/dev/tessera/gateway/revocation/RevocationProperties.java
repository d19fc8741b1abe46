package dev.tessera.gateway.revocation;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The revocation feed ({@code tessera.gateway.revocation.*}).
 *
 * @param enabled whether the feed is polled at all (default {@code true})
 * @param uri the feed; default {@code {auth-uri}/internal/revocations}
 * @param pollInterval time between polls while the feed answers (default 2 s): the delay before a
 *     revocation reaches this gateway is at most about this
 * @param maxBackoff longest wait between polls while the feed fails (default 10 s; doubled from the poll
 *     interval at each failure, but not before the first success): after an outage the feed is read again
 *     at most this long after it recovers
 * @param timeout connect and read timeout of one poll (default 2 s)
 * @param staleAfter staleness beyond which the readiness detail says {@code "stale": true} (default 15 s:
 *     longer than one poll plus the longest backoff); the gateway stays ready either way
 */
@ConfigurationProperties("tessera.gateway.revocation")
public record RevocationProperties(
        @DefaultValue("true") boolean enabled,
        URI uri,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("10s") Duration maxBackoff,
        @DefaultValue("2s") Duration timeout,
        @DefaultValue("15s") Duration staleAfter) {

    public RevocationProperties {
        for (Duration duration : new Duration[] {pollInterval, maxBackoff, timeout, staleAfter}) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("tessera.gateway.revocation durations must be positive");
            }
        }
        if (maxBackoff.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException(
                    "tessera.gateway.revocation.max-backoff must not be shorter than poll-interval");
        }
    }
}
