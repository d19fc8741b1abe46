package dev.tessera.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-client-address limit on the login and registration routes ({@code tessera.gateway.rate-limit.*}),
 * in memory per gateway instance: a bucket of {@code capacity} requests refilled evenly over {@code
 * period}.
 *
 * @param paths exact public paths limited (any method)
 * @param capacity requests a client may send in a burst
 * @param period time to refill a whole bucket
 * @param maxClients most clients tracked (memory bound; an IPv6 client is its /64); a bucket idle for a whole
 *     {@code period} is forgotten, being full by then
 */
@ConfigurationProperties("tessera.gateway.rate-limit")
public record RateLimitProperties(
        @DefaultValue({
            "/api/auth/login",
            "/api/auth/login/second-factor",
            "/api/auth/login/second-factor/options",
            "/api/auth/login/passkey",
            "/api/auth/login/passkey/options",
            "/api/auth/register",
            "/api/session/login",
            "/api/session/login/second-factor",
            "/api/session/login/passkey"
        })
        List<String> paths,

        @DefaultValue("10") int capacity,
        @DefaultValue("1m") Duration period,
        @DefaultValue("100000") int maxClients) {

    public RateLimitProperties {
        if (capacity < 1 || maxClients < 1) {
            throw new IllegalArgumentException(
                    "tessera.gateway.rate-limit.capacity and max-clients must be at least 1");
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("tessera.gateway.rate-limit.period must be positive");
        }
        for (String path : paths) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException(
                        "tessera.gateway.rate-limit.paths: '" + path + "' is not a path (it must start with /)");
            }
        }
    }
}
