package dev.tessera.gateway.revocation;

import dev.tessera.gateway.passport.PassportSigners;
import dev.tessera.passport.Passport;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * Polls auth-service's revocation feed ({@code GET /internal/revocations?since=<cursor>}, docs/contracts.md
 * "Internal calls") on its own thread and merges every page into the {@link RevocationList}. A gateway
 * starts without a cursor, so the feed replays every revocation still within its window: a restarted
 * gateway refuses what it refused before. When the feed fails, the last state stays in use (entries still
 * expire on time), polls back off up to {@code max-backoff}, and the staleness (time since the last
 * successful poll) is published; requests never wait for the feed.
 */
final class RevocationFeed implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(RevocationFeed.class);

    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RevocationList list;
    private final URI uri;
    private final PassportSigners signers;
    private final RevocationProperties properties;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final Instant startedAt;
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private volatile String cursor = "";
    private volatile Instant lastSuccess;
    private volatile int consecutiveFailures;

    RevocationFeed(
            RevocationList list, URI uri, PassportSigners signers, RevocationProperties properties, Clock clock) {
        this.list = list;
        this.uri = uri;
        this.signers = signers;
        this.properties = properties;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tessera-revocation-feed");
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
            boolean more = poll();
            delay = more ? Duration.ZERO : properties.pollInterval();
        } catch (Exception ex) {
            int failed = ++consecutiveFailures;
            failures.incrementAndGet();
            if (failed == 1 || failed % 30 == 0) {
                logger.warn(
                        "Revocation feed at {} failed ({}, {} in a row); keeping the last state, {} s stale",
                        uri,
                        ex.getClass().getSimpleName(),
                        failed,
                        staleness().toSeconds());
            }
            // Until the first success (a gateway starting next to auth-service) keep the plain interval: a
            // restarted gateway must get the window as soon as the feed answers.
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

    /** One page; {@code true} when more follow at once. */
    boolean poll() throws Exception {
        String path = uri.getRawPath();
        String passport = signers.signInternal(
                Passport.caller("service:gateway", "gateway", Set.of("SERVICE"), null, null), "GET", path, null);
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(uri + "?since=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)))
                .timeout(properties.timeout())
                .header("Accept", "application/json")
                .header("X-Tessera-Passport", passport)
                .GET()
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        if (response.body().length > MAX_BODY_BYTES) {
            throw new IllegalStateException("feed page too large");
        }
        JsonNode page = JSON.readTree(response.body());
        for (JsonNode user : page.path("users")) {
            list.revokeUser(
                    user.required("sub").asString(),
                    user.required("not_before").asLong(),
                    user.required("expires_at").asLong());
        }
        for (JsonNode session : page.path("sessions")) {
            list.revokeSession(
                    session.required("sid").asString(),
                    session.required("expires_at").asLong());
        }
        String next = page.required("next").asString();
        Instant now = clock.instant();
        list.evictExpired(now);
        cursor = next;
        lastSuccess = now;
        consecutiveFailures = 0;
        successes.incrementAndGet();
        return page.path("more").asBoolean(false);
    }

    /** Time since the last successful poll (since start-up while none succeeded). */
    Duration staleness() {
        Instant last = lastSuccess;
        return Duration.between((last != null) ? last : startedAt, clock.instant());
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
