package dev.tessera.gateway.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * auth-service's public keys, as ready-made verifiers by {@code kid}.
 *
 * <p>Loaded at start-up when reachable (start-up never fails because of it), refreshed every {@code
 * refreshInterval}, retried every {@code minRefetchInterval} while no set was ever loaded, and fetched
 * on an unknown {@code kid} at most once per {@code minRefetchInterval} whatever clients send (one
 * fetch in flight at a time, shared by everyone waiting). A failed or empty fetch keeps the last good
 * set. Only keys usable with the one configured algorithm are kept: never a symmetric key, never a
 * private one, never RSA below 2048 bits or EC other than P-256. Keys come only from the configured
 * URI; nothing in a token can point elsewhere.
 */
final class JwksCache implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(JwksCache.class);

    private static final int MAX_JWKS_BYTES = 256 * 1024;

    private final URI uri;
    private final JWSAlgorithm algorithm;
    private final HttpClient http;
    private final Duration readTimeout;
    private final long minRefetchNanos;
    private final Duration refreshInterval;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong consecutiveFailures = new AtomicLong();

    private volatile Map<String, JWSVerifier> verifiers;
    private volatile long lastAttemptNanos;
    private volatile long loadedAtNanos;
    private CompletableFuture<Void> inFlight;
    private CompletableFuture<Void> deferred;

    JwksCache(URI uri, JWSAlgorithm algorithm, JwtProperties properties) {
        this.uri = uri;
        this.algorithm = algorithm;
        this.readTimeout = properties.jwksReadTimeout();
        this.minRefetchNanos = properties.jwksMinRefetchInterval().toNanos();
        this.refreshInterval = properties.jwksRefreshInterval();
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.jwksConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tessera-jwks-refresh");
            thread.setDaemon(true);
            return thread;
        });
        this.lastAttemptNanos = System.nanoTime() - minRefetchNanos;
    }

    /** Loads once, waiting at most the fetch timeouts, and schedules the refreshes. */
    void start() {
        try {
            fetch().get(readTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception ex) {
            logger.warn("Signing keys not loaded at start-up from {}; protected routes answer 503 until they are", uri);
        }
        scheduleNext();
    }

    private void scheduleNext() {
        Duration delay =
                (verifiers == null) ? Duration.ofNanos(Math.max(minRefetchNanos, 100_000_000L)) : refreshInterval;
        scheduler.schedule(
                () -> {
                    try {
                        fetch().get(readTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
                    } catch (Exception ex) {
                        // Logged in fetch(); the last good set stays in use.
                    } finally {
                        if (!scheduler.isShutdown()) {
                            scheduleNext();
                        }
                    }
                },
                delay.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** Whether a key set was ever loaded. */
    boolean loaded() {
        return verifiers != null;
    }

    /** The verifier for a {@code kid}, or {@code null}. */
    JWSVerifier verifier(String keyId) {
        Map<String, JWSVerifier> current = verifiers;
        return (current != null) ? current.get(keyId) : null;
    }

    /** Seconds since the key set was last loaded successfully; -1 while none was ever loaded (metrics). */
    double ageSeconds() {
        return (verifiers == null) ? -1 : (System.nanoTime() - loadedAtNanos) / 1e9;
    }

    /** How many fetches were started (for tests and metrics). */
    long fetchCount() {
        return fetches.get();
    }

    /**
     * Fetches the set because a token named an unknown {@code kid}; joins a fetch already in flight. Within the
     * minimum interval after the last fetch, waits for the one fetch scheduled at its end, shared by every caller
     * meanwhile, instead of refusing at once: right after an emergency rotation, tokens signed with the new key
     * arrive at once, and a gateway that fetched a moment before the rotation must not refuse them (the soak test
     * saw 401s for 0.3 s). A flood of made-up {@code kid}s still causes one fetch per interval; each such request
     * waits at most the interval before its 401.
     */
    Mono<Void> refreshForUnknownKey() {
        CompletableFuture<Void> future;
        synchronized (this) {
            long wait = minRefetchNanos - (System.nanoTime() - lastAttemptNanos);
            if (inFlight != null) {
                future = inFlight;
            } else if (wait > 0) {
                future = deferredFetch(wait);
            } else {
                future = fetch();
            }
        }
        return Mono.fromFuture(future, true).onErrorResume(ex -> Mono.empty());
    }

    /** The fetch at the end of the minimum interval, scheduled once for all callers until it starts. */
    private synchronized CompletableFuture<Void> deferredFetch(long waitNanos) {
        if (deferred != null) {
            return deferred;
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        try {
            scheduler.schedule(
                    () -> {
                        CompletableFuture<Void> fetched;
                        synchronized (JwksCache.this) {
                            deferred = null;
                            fetched = fetch();
                        }
                        fetched.whenComplete((ignored, ex) -> result.complete(null));
                    },
                    waitNanos,
                    TimeUnit.NANOSECONDS);
            deferred = result;
        } catch (java.util.concurrent.RejectedExecutionException ex) {
            // Closed: no more fetches; the caller gets its answer from the keys it has.
            result.complete(null);
        }
        return result;
    }

    private synchronized CompletableFuture<Void> fetch() {
        if (inFlight != null) {
            return inFlight;
        }
        lastAttemptNanos = System.nanoTime();
        fetches.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(readTimeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        CompletableFuture<Void> future;
        try {
            future = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .thenAccept(this::accept)
                    .whenComplete((ignored, ex) -> {
                        synchronized (JwksCache.this) {
                            inFlight = null;
                            lastAttemptNanos = System.nanoTime();
                        }
                        if (ex == null) {
                            consecutiveFailures.set(0);
                        } else if (consecutiveFailures.incrementAndGet() % 60 == 1) {
                            // The first failure of a run, then one in sixty: an outage must not flood the log.
                            logger.warn(
                                    "Fetching signing keys from {} failed ({}, {} in a row); keeping the last good set",
                                    uri,
                                    rootMessage(ex),
                                    consecutiveFailures.get());
                        } else {
                            logger.debug("Fetching signing keys from {} failed again ({})", uri, rootMessage(ex));
                        }
                    });
        } catch (RuntimeException ex) {
            future = CompletableFuture.failedFuture(ex);
        }
        inFlight = future.isDone() ? null : future;
        return future;
    }

    private void accept(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        if (response.body().length > MAX_JWKS_BYTES) {
            throw new IllegalStateException("JWKS larger than " + MAX_JWKS_BYTES + " bytes");
        }
        JWKSet set;
        try {
            set = JWKSet.parse(new String(response.body(), StandardCharsets.UTF_8));
        } catch (java.text.ParseException ex) {
            throw new IllegalStateException("Not a JWK set");
        }
        Map<String, JWSVerifier> usable = new HashMap<>();
        for (JWK key : set.getKeys()) {
            JWSVerifier verifier = verifierFor(key);
            if (verifier != null) {
                usable.putIfAbsent(key.getKeyID(), verifier);
            }
        }
        if (usable.isEmpty()) {
            throw new IllegalStateException("No usable " + algorithm + " key in the set");
        }
        Map<String, JWSVerifier> previous = verifiers;
        verifiers = Map.copyOf(usable);
        loadedAtNanos = System.nanoTime();
        if (previous == null || !previous.keySet().equals(usable.keySet())) {
            logger.info("Signing keys loaded: {}", usable.keySet());
        }
    }

    private JWSVerifier verifierFor(JWK key) {
        if (key.getKeyID() == null || key.isPrivate()) {
            return null;
        }
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            return null;
        }
        if (key.getAlgorithm() != null && !algorithm.equals(key.getAlgorithm())) {
            return null;
        }
        try {
            if (JWSAlgorithm.RS256.equals(algorithm) && key instanceof RSAKey rsa && rsa.size() >= 2048) {
                return new RSASSAVerifier(rsa.toRSAPublicKey());
            }
            if (JWSAlgorithm.ES256.equals(algorithm) && key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
                return new ECDSAVerifier(ec.toECPublicKey());
            }
        } catch (JOSEException ex) {
            logger.warn("Skipping unusable key {}", key.getKeyID());
        }
        return null;
    }

    private static String rootMessage(Throwable ex) {
        Throwable cause = ex;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
