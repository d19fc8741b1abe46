package dev.tessera.gateway.introspect;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tessera.gateway.caller.AccessToken;
import dev.tessera.gateway.edge.UpstreamConnections;
import dev.tessera.gateway.passport.PassportSigners;
import dev.tessera.gateway.ratelimit.TokenBuckets;
import dev.tessera.gateway.verify.AccessTokenCache;
import dev.tessera.gateway.verify.IntrospectionBudgetExceededException;
import dev.tessera.gateway.verify.IntrospectionUnavailableException;
import dev.tessera.gateway.verify.OpaqueTokenIntrospection;
import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSigner;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Asks auth-service's {@code POST /internal/introspect} (docs/contracts.md, "Internal calls") with a
 * passport the gateway mints for itself (role {@code SERVICE}, audience {@code auth-service}, bound to the
 * call), within a connect timeout and an overall timeout. Active answers may be reused for {@code
 * cache-ttl} (see {@link IntrospectionProperties}). Refusals are remembered for {@code negative-cache-ttl}
 * (keyed by the token's SHA-256): a random token is refused once, not once per request, and since auth-service
 * issues a token active, a refused one cannot become valid. Each client address has a budget of calls; an
 * exhausted budget answers without asking auth-service (issue 13, item 5: every random 43-character bearer cost
 * a call and a database query).
 *
 * <p>The identity handed on is the one a JWT would give: {@code sub}, {@code username}, {@code roles},
 * {@code sid}, with a token id derived from the token's SHA-256 (stable, reveals nothing), so downstream
 * services receive the same passport either way.
 */
final class AuthServiceIntrospection implements OpaqueTokenIntrospection {

    private static final Logger logger = LoggerFactory.getLogger(AuthServiceIntrospection.class);

    static final Passport CALLER = Passport.caller("service:gateway", "gateway", Set.of("SERVICE"), null, null);

    private final WebClient client;
    private final String path;
    private final PassportSigners signers;
    private final IntrospectionProperties properties;
    private final AccessTokenCache cache;
    private final Clock clock;
    private final AtomicLong calls = new AtomicLong();
    private final Cache<String, Boolean> refused;
    private final TokenBuckets budget;

    /** {@code http} is Boot's builder (metrics, trace propagation); the timeouts and the pool are the gateway's own. */
    AuthServiceIntrospection(
            URI authUri,
            PassportSigners signers,
            IntrospectionProperties properties,
            Clock clock,
            WebClient.Builder http) {
        HttpClient connections = HttpClient.create(UpstreamConnections.pool("auth-service-introspection"))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        properties.connectTimeout().toMillis())
                .responseTimeout(properties.timeout())
                .followRedirect(false);
        String base = authUri.toString().replaceAll("/+$", "");
        this.client = http.baseUrl(base)
                .clientConnector(new ReactorClientHttpConnector(connections))
                .build();
        String basePath = URI.create(base).getRawPath();
        this.path = ((basePath == null) ? "" : basePath) + "/internal/introspect";
        this.signers = signers;
        this.properties = properties;
        this.cache = AccessTokenCache.untilExpiryOrAge(properties.cacheSize(), properties.cacheTtl(), clock);
        this.clock = clock;
        this.refused = Caffeine.newBuilder()
                .expireAfterWrite(properties.negativeCacheTtl())
                .maximumSize(properties.negativeCacheSize())
                .build();
        this.budget =
                new TokenBuckets(properties.budgetCapacity(), properties.budgetPeriod(), properties.budgetMaxClients());
    }

    @Override
    public Mono<AccessToken> introspect(String token, String clientAddress) {
        byte[] digest = sha256(token);
        String key = Base64.getEncoder().encodeToString(digest);
        if (cache.enabled()) {
            AccessToken cached = cache.get(key);
            if (cached != null) {
                return Mono.just(cached);
            }
        }
        if (refused.getIfPresent(key) != null) {
            return Mono.empty();
        }
        if (clientAddress != null) {
            long wait = budget.tryAcquire(clientAddress);
            if (wait > 0) {
                return Mono.error(new IntrospectionBudgetExceededException(
                        Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L))));
            }
        }
        return Mono.defer(() -> {
                    calls.incrementAndGet();
                    String passport = signers.signInternal(CALLER, "POST", path, null);
                    return client.post()
                            .uri("/internal/introspect")
                            .contentType(MediaType.APPLICATION_JSON)
                            .accept(MediaType.APPLICATION_JSON)
                            .header(PassportSigner.HEADER, passport)
                            .bodyValue(Map.of("token", token))
                            .exchangeToMono(response -> {
                                if (response.statusCode().value() != 200) {
                                    // 401/403 here mean the deployment is misconfigured (passport secret);
                                    // the token may be fine, so this is not the client's 401.
                                    logger.warn(
                                            "Introspection answered {}; opaque tokens get 503",
                                            response.statusCode().value());
                                    return response.releaseBody()
                                            .then(Mono.error(
                                                    new IntrospectionUnavailableException("introspection answered "
                                                            + response.statusCode()
                                                                    .value())));
                                }
                                return response.bodyToMono(Answer.class);
                            });
                })
                .timeout(properties.timeout())
                .onErrorMap(
                        ex -> !(ex instanceof IntrospectionUnavailableException),
                        ex -> new IntrospectionUnavailableException(
                                "introspection failed: " + ex.getClass().getSimpleName()))
                .flatMap(answer -> {
                    Instant now = clock.instant();
                    AccessToken identity = answer.identity(digest, now);
                    if (identity == null) {
                        if (!properties.negativeCacheTtl().isZero()) {
                            refused.put(key, Boolean.TRUE);
                        }
                        return Mono.empty();
                    }
                    if (clientAddress != null) {
                        budget.refund(clientAddress);
                    }
                    cache.put(key, identity);
                    return Mono.just(identity);
                });
    }

    long calls() {
        return calls.get();
    }

    int cacheSize() {
        return cache.size();
    }

    /** The SHA-256 of a session token: the key of every cache here and of the session in Redis. */
    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** RFC 7662 answer as docs/contracts.md defines it; anything incomplete counts as inactive. */
    record Answer(
            @JsonProperty("active") Boolean active,
            @JsonProperty("sub") String sub,
            @JsonProperty("username") String username,
            @JsonProperty("roles") List<String> roles,
            @JsonProperty("exp") Long exp,
            @JsonProperty("sid") String sid,
            @JsonProperty("amr") List<String> amr,
            @JsonProperty("auth_time") Long authTime) {

        AccessToken identity(byte[] digest, Instant now) {
            if (!Boolean.TRUE.equals(active) || sub == null || sub.isBlank() || exp == null) {
                return null;
            }
            Instant expiresAt = Instant.ofEpochSecond(exp);
            if (!expiresAt.isAfter(now)) {
                return null;
            }
            Set<String> roleSet = (roles == null) ? Set.of() : Set.copyOf(roles);
            String tokenId = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(digest)
                    .substring(0, 22);
            return new AccessToken(
                    sub,
                    username,
                    roleSet,
                    sid,
                    tokenId,
                    now,
                    null,
                    expiresAt,
                    null,
                    amr,
                    (authTime != null) ? Instant.ofEpochSecond(authTime) : null);
        }
    }
}
