package dev.tessera.gateway.introspect;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Introspection of opaque session tokens at auth-service ({@code tessera.gateway.introspection.*}).
 *
 * @param connectTimeout connect timeout of one introspection call
 * @param timeout the whole call, answer included; past it the request gets 503 (never a hang)
 * @param cacheTtl how long an active answer is reused without asking again; {@code 0} (default) asks on
 *     every request. This is the staleness bound: a session revoked at auth-service (logout, disabled
 *     account) keeps working at this gateway for at most this long. Never beyond the session's expiry.
 * @param cacheSize most cached answers (oldest-expiring dropped first when full)
 */
@ConfigurationProperties("tessera.gateway.introspection")
public record IntrospectionProperties(
        @DefaultValue("1s") Duration connectTimeout,
        @DefaultValue("2s") Duration timeout,
        @DefaultValue("0s") Duration cacheTtl,
        @DefaultValue("10000") int cacheSize) {

    public IntrospectionProperties {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("tessera.gateway.introspection timeouts must be positive");
        }
        if (cacheTtl.isNegative() || cacheTtl.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("tessera.gateway.introspection.cache-ttl must be within [0, 5m]");
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("tessera.gateway.introspection.cache-size must not be negative");
        }
    }
}
