package dev.tessera.gateway.route;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the permissions of each role come from ({@code tessera.gateway.policy.*}), for rules that say {@code
 * permission:NAME}.
 *
 * @param enabled {@code true} (the default): auth-service's policy, defined by administrators ({@code
 *     /auth/admin/roles}) and polled from {@code uri}; then {@code tessera.gateway.role-permissions} must be empty.
 *     {@code false}: the static {@code tessera.gateway.role-permissions} is the whole policy, fixed at start-up (tests,
 *     the benchmark, a gateway without auth-service's policy)
 * @param uri the policy document; default {@code {auth-uri}/internal/roles}
 * @param pollInterval time between polls while auth-service answers (default 5 s): a change of a role's permissions
 *     reaches this gateway within about this
 * @param maxBackoff longest wait between polls while the policy cannot be fetched (default 30 s; doubled from the poll
 *     interval at each failure, but not before the first success)
 * @param timeout connect and read timeout of one poll (default 2 s)
 */
@ConfigurationProperties("tessera.gateway.policy")
public record PolicyProperties(
        @DefaultValue("true") boolean enabled,
        URI uri,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("30s") Duration maxBackoff,
        @DefaultValue("2s") Duration timeout) {

    public PolicyProperties {
        for (Duration duration : new Duration[] {pollInterval, maxBackoff, timeout}) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("tessera.gateway.policy durations must be positive");
            }
        }
        if (maxBackoff.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException(
                    "tessera.gateway.policy.max-backoff must not be shorter than poll-interval");
        }
    }
}
