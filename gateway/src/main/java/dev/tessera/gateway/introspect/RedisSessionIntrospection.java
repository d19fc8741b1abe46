package dev.tessera.gateway.introspect;

import dev.tessera.gateway.caller.AccessToken;
import dev.tessera.gateway.verify.IntrospectionUnavailableException;
import dev.tessera.gateway.verify.OpaqueTokenIntrospection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scheme A read from Redis (issue 18, target 6): the session auth-service wrote there at login or refresh
 * ({@code tessera.auth.sessions.redis.enabled=true}), under the SHA-256 of the token, never the token. One round trip
 * per request, no call to auth-service and no PostgreSQL query; revocation stays immediate because auth-service
 * deletes the session in Redis inside the transaction that ends it (logout, logout everywhere, password change or
 * reset, role change, disabled account, refresh-token reuse).
 *
 * <p>The idle timeout is enforced as auth-service enforces it: the key's TTL is the idle timeout (never beyond the
 * expiry), and a use moves it forward, at most once per touch interval (so most look-ups write nothing, and an
 * append-only file does not grow with every request); a session unused for the idle timeout is gone. The expiry is
 * checked against this gateway's clock as well.
 *
 * <p>Redis unreachable or slower than {@code tessera.gateway.introspection.redis.timeout}: an {@link
 * IntrospectionUnavailableException}, so 503 at once, never a 500 and never a hang; JWTs never come here.
 */
final class RedisSessionIntrospection implements OpaqueTokenIntrospection {

    /** KEYS[1] the session; ARGV[1] now (epoch seconds). Returns the session's body, or an empty string. */
    private static final RedisScript<String> READ = RedisScript.of("""
            local v = redis.call('HMGET', KEYS[1], 'body', 'exp', 'idle', 'touch')
            if not v[1] then return '' end
            local left = tonumber(v[2]) - tonumber(ARGV[1])
            if left <= 0 then return '' end
            local idle = math.min(tonumber(v[3]), left)
            if redis.call('TTL', KEYS[1]) <= idle - tonumber(v[4]) then redis.call('EXPIRE', KEYS[1], idle) end
            return v[1]
            """, String.class);

    private final ReactiveStringRedisTemplate redis;

    private final JsonMapper json;

    private final String prefix;

    private final Duration timeout;

    private final Clock clock;

    private final Counter found;

    private final Counter unknown;

    private final Counter unavailable;

    RedisSessionIntrospection(
            ReactiveStringRedisTemplate redis,
            JsonMapper json,
            IntrospectionProperties.Redis properties,
            Clock clock,
            MeterRegistry meters) {
        this.redis = redis;
        this.json = json;
        this.prefix = properties.keyPrefix() + "s:";
        this.timeout = properties.timeout();
        this.clock = clock;
        String name = "tessera.gateway.redis.sessions";
        String description = "Opaque session look-ups in Redis, by outcome";
        this.found = Counter.builder(name)
                .tag("outcome", "found")
                .description(description)
                .register(meters);
        this.unknown = Counter.builder(name)
                .tag("outcome", "unknown")
                .description(description)
                .register(meters);
        this.unavailable = Counter.builder(name)
                .tag("outcome", "unavailable")
                .description(description)
                .register(meters);
    }

    /** {@inheritDoc} The client address is not used: a look-up costs Redis one read, not auth-service a query. */
    @Override
    public Mono<AccessToken> introspect(String token, String clientAddress) {
        byte[] digest = AuthServiceIntrospection.sha256(token);
        String key = this.prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        return Mono.defer(() -> {
                    Instant now = this.clock.instant();
                    return this.redis
                            .execute(READ, List.of(key), List.of(Long.toString(now.getEpochSecond())))
                            .next()
                            // While Redis does not know the script yet (first use, or after a restart), Spring
                            // Data's reactive fallback from EVALSHA to EVAL sent the arguments already consumed, and
                            // the script failed; that EVAL did load it, so one retry finds it. Connection failures and
                            // timeouts are not retried.
                            .retryWhen(Retry.max(1).filter(ex -> ex instanceof RedisSystemException))
                            .timeout(this.timeout)
                            .filter(body -> !body.isEmpty())
                            .map(body -> this.json.readValue(body, AuthServiceIntrospection.Answer.class))
                            .onErrorMap(ex -> {
                                this.unavailable.increment();
                                return new IntrospectionUnavailableException("Redis session look-up failed: "
                                        + ex.getClass().getSimpleName());
                            })
                            .mapNotNull(answer -> answer.identity(digest, now));
                })
                .doOnNext(identity -> this.found.increment())
                .switchIfEmpty(Mono.fromRunnable(this.unknown::increment));
    }

    /**
     * Connects and loads the script in the background, so that the first user's look-up does not pay for the
     * connection (which took longer than the timeout on a busy machine) and finds the script. A failure only means
     * Redis is not there yet; look-ups connect on their own.
     */
    void warmUp() {
        this.redis
                .execute(
                        READ,
                        List.of(this.prefix + "warm-up"),
                        List.of(Long.toString(this.clock.instant().getEpochSecond())))
                .next()
                .retryWhen(Retry.max(1).filter(ex -> ex instanceof RedisSystemException))
                .timeout(Duration.ofSeconds(30))
                .subscribe(ignored -> {}, ex -> {});
    }
}
