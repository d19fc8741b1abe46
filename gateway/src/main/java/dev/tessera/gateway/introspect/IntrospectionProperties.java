package dev.tessera.gateway.introspect;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway judges opaque session tokens, scheme A ({@code tessera.gateway.introspection.*}): by asking
 * auth-service (the default), or by reading the session from Redis, where auth-service copies it.
 *
 * @param mode {@code auth-service} (default): introspection at auth-service, everything below but {@code redis}
 *     applies; {@code redis}: the session is read from Redis ({@code spring.data.redis.*}), written there by
 *     auth-service with {@code tessera.auth.sessions.redis.enabled=true}; only {@code redis} applies
 * @param redis the Redis mode's settings
 * @param connectTimeout connect timeout of one introspection call
 * @param timeout the whole call, answer included; past it the request gets 503 (never a hang)
 * @param cacheTtl how long an active answer is reused without asking again; {@code 0} (default) asks on
 *     every request. This is the staleness bound: a session revoked at auth-service (logout, disabled
 *     account) keeps working at this gateway for at most this long. Never beyond the session's expiry.
 * @param cacheSize most cached answers (when full, those least likely to be asked for again are dropped)
 * @param negativeCacheTtl how long a refused token (inactive or incomplete answer) is refused again without
 *     asking. An opaque token is 256 random bits that auth-service issued already active, so a refused one can
 *     never become valid: this weakens nothing; {@code 0} turns it off
 * @param negativeCacheSize most remembered refusals (keyed by SHA-256 of the token)
 * @param budgetCapacity introspection calls one client address may cause in a burst; a call for a token that
 *     turns out active is given back, so the budget is spent by refused, unknown or failing tokens only
 * @param budgetPeriod time to refill a whole budget
 * @param budgetMaxClients most client addresses tracked
 */
@ConfigurationProperties("tessera.gateway.introspection")
public record IntrospectionProperties(
        @DefaultValue("1s") Duration connectTimeout,
        @DefaultValue("2s") Duration timeout,
        @DefaultValue("0s") Duration cacheTtl,
        @DefaultValue("10000") int cacheSize,
        @DefaultValue("30s") Duration negativeCacheTtl,
        @DefaultValue("100000") int negativeCacheSize,
        @DefaultValue("30") int budgetCapacity,
        @DefaultValue("1m") Duration budgetPeriod,
        @DefaultValue("100000") int budgetMaxClients,
        @DefaultValue("auth-service") Mode mode,
        @DefaultValue Redis redis) {

    /** Where opaque session tokens are judged. */
    public enum Mode {
        AUTH_SERVICE,
        REDIS
    }

    /**
     * The Redis mode ({@code tessera.gateway.introspection.redis.*}).
     *
     * @param keyPrefix the prefix auth-service writes sessions under ({@code tessera.auth.sessions.redis.key-prefix})
     * @param timeout one look-up, answer included; past it (or at once when Redis is unreachable) the request gets 503,
     *     never a hang. Lettuce's own command timeout is {@code spring.data.redis.timeout}
     */
    public record Redis(
            @DefaultValue("tessera:session:") String keyPrefix,
            @DefaultValue("500ms") Duration timeout) {

        public Redis {
            if (keyPrefix == null || keyPrefix.isBlank() || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "tessera.gateway.introspection.redis.key-prefix must be set and its timeout positive");
            }
        }
    }

    public IntrospectionProperties {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("tessera.gateway.introspection timeouts must be positive");
        }
        if (cacheTtl.isNegative() || cacheTtl.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("tessera.gateway.introspection.cache-ttl must be within [0, 5m]");
        }
        if (negativeCacheTtl.isNegative()
                || negativeCacheTtl.compareTo(Duration.ofHours(1)) > 0
                || negativeCacheSize < 0) {
            throw new IllegalArgumentException("tessera.gateway.introspection.negative-cache-ttl must be within [0, 1h]"
                    + " and negative-cache-size not negative");
        }
        if (budgetCapacity < 1 || budgetPeriod.isNegative() || budgetPeriod.isZero() || budgetMaxClients < 1) {
            throw new IllegalArgumentException("tessera.gateway.introspection.budget-* must be positive");
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("tessera.gateway.introspection.cache-size must not be negative");
        }
    }
}
