package dev.tessera.gateway.policy;

import dev.tessera.gateway.passport.PassportSigners;
import dev.tessera.gateway.route.PolicyProperties;
import dev.tessera.gateway.route.RolePermissions;
import dev.tessera.passport.Passport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Polls auth-service's policy ({@code GET /internal/roles}, docs/contracts.md "Internal calls") on its own thread, with
 * the internal passport the revocation feed uses and the last ETag in {@code If-None-Match}, and puts every new
 * version in force in {@link RolePermissions}. 304 costs auth-service one query and the gateway nothing. When the
 * policy cannot be fetched the last one stays in force (before the first, permission rules deny), polls back off up to
 * {@code max-backoff}, and requests never wait.
 */
final class PolicyFeed implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(PolicyFeed.class);

    /** auth-service bounds the document (256 roles of 64 permissions) well below this. */
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RolePermissions permissions;
    private final URI uri;
    private final PassportSigners signers;
    private final PolicyProperties properties;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private volatile String etag;
    private volatile Instant lastSuccess;
    private volatile int consecutiveFailures;

    PolicyFeed(
            RolePermissions permissions, URI uri, PassportSigners signers, PolicyProperties properties, Clock clock) {
        this.permissions = permissions;
        this.uri = uri;
        this.signers = signers;
        this.properties = properties;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tessera-policy-feed");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        scheduler.execute(this::pollAndReschedule);
    }

    private void pollAndReschedule() {
        Duration delay;
        try {
            poll();
            delay = properties.pollInterval();
        } catch (Exception ex) {
            int failed = ++consecutiveFailures;
            failures.incrementAndGet();
            if (failed == 1 || failed % 30 == 0) {
                logger.warn(
                        "Policy at {} failed ({}, {} in a row); {}",
                        uri,
                        ex.getClass().getSimpleName(),
                        failed,
                        (lastSuccess == null)
                                ? "no policy yet: permission rules deny"
                                : "keeping policy " + permissions.version());
            }
            delay = (lastSuccess == null) ? properties.pollInterval() : backoff(failed);
        }
        if (!scheduler.isShutdown()) {
            scheduler.schedule(this::pollAndReschedule, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private Duration backoff(int failed) {
        Duration delay = properties.pollInterval();
        for (int i = 1; i < failed && delay.compareTo(properties.maxBackoff()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return (delay.compareTo(properties.maxBackoff()) > 0) ? properties.maxBackoff() : delay;
    }

    /** One poll: a new policy is in force when it returns. */
    void poll() throws Exception {
        String passport = signers.signInternal(
                Passport.caller("service:gateway", "gateway", Set.of("SERVICE"), null, null),
                "GET",
                uri.getRawPath(),
                null);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(properties.timeout())
                .header("Accept", "application/json")
                .header("X-Tessera-Passport", passport)
                .GET();
        String known = etag;
        if (known != null) {
            request.header("If-None-Match", known);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 304 && known != null) {
            succeeded();
            return;
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        if (response.body().length > MAX_BODY_BYTES) {
            throw new IllegalStateException("policy too large");
        }
        JsonNode document = JSON.readTree(response.body());
        String version = document.required("version").asString();
        Map<String, List<String>> roles = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> role : document.required("roles").properties()) {
            List<String> granted = new ArrayList<>();
            for (JsonNode permission : role.getValue()) {
                granted.add(permission.asString());
            }
            roles.put(role.getKey(), granted);
        }
        String previous = permissions.version();
        // The ETag first: once the new policy is visible, the next poll already asks about it.
        etag = response.headers().firstValue("ETag").orElse(null);
        permissions.replace(version, roles);
        if (!version.equals(previous)) {
            logger.info("Policy {} in force: {} roles", version, roles.size());
        }
        succeeded();
    }

    private void succeeded() {
        lastSuccess = clock.instant();
        consecutiveFailures = 0;
        successes.incrementAndGet();
    }

    Instant lastSuccess() {
        return lastSuccess;
    }

    long successCount() {
        return successes.get();
    }

    long failureCount() {
        return failures.get();
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
