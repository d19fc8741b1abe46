package dev.tessera.gateway.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.tessera.gateway.caller.AccessToken;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Identities already checked, keyed by the SHA-256 of their token (the token itself is never kept), each until the
 * token's {@code exp} or, if given, {@code maxAge} after it was put, whichever comes first; at most {@code
 * maxEntries} (Caffeine's size eviction: the entries least likely to be asked for again go first). A hit saves work
 * only: callers still run their time and revocation checks on what it returns.
 *
 * <p>Expiry is measured with the callers' {@link Clock} (it is Caffeine's ticker), not {@link System#nanoTime()}:
 * {@code exp} is a wall-clock time, and the callers' own time checks read that clock, so the cache and the checks
 * agree on when a token has expired.
 *
 * <p>Hits and misses are counted (Caffeine's {@code recordStats()}, a few striped counters) so that {@link
 * #bindTo} can publish them: a load test with many users reads its hit ratio from the management port.
 */
public final class AccessTokenCache {

    /** Caffeine's longest expiry is about 146 years; no entry here lives longer than its token anyway. */
    private static final Duration FOREVER = Duration.ofDays(365L * 100);

    private final Cache<String, AccessToken> entries;

    private AccessTokenCache(int maxEntries, Duration maxAge, Clock clock) {
        if (maxEntries <= 0 || maxAge.isZero() || maxAge.isNegative()) {
            this.entries = null;
            return;
        }
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(ticker(clock))
                .expireAfter(new UntilExpiry(maxAge))
                .recordStats()
                .build();
    }

    /**
     * Entries kept until their token's {@code exp}.
     *
     * @param maxEntries most entries; {@code 0} or less turns the cache off
     * @param clock the clock the callers check token times with
     * @return the cache
     */
    public static AccessTokenCache untilExpiry(int maxEntries, Clock clock) {
        return new AccessTokenCache(maxEntries, FOREVER, clock);
    }

    /**
     * Entries kept until their token's {@code exp} or {@code maxAge} after they were put, whichever comes first.
     *
     * @param maxEntries most entries; {@code 0} or less turns the cache off
     * @param maxAge longest time an entry is kept; zero turns the cache off
     * @param clock the clock the callers check token times with
     * @return the cache
     */
    public static AccessTokenCache untilExpiryOrAge(int maxEntries, Duration maxAge, Clock clock) {
        return new AccessTokenCache(maxEntries, maxAge, clock);
    }

    /**
     * Hashes a token into a key of this cache.
     *
     * @param token the token text
     * @return base64url of its SHA-256
     */
    public static String keyOf(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public boolean enabled() {
        return entries != null;
    }

    /**
     * The identity cached for a key.
     *
     * @param key the key
     * @return the identity, or {@code null} when absent, expired or the cache is off
     */
    public AccessToken get(String key) {
        return (entries != null) ? entries.getIfPresent(key) : null;
    }

    /**
     * Caches an identity (no effect when the cache is off, or when its token has already expired).
     *
     * @param key the key
     * @param token the identity
     */
    public void put(String key, AccessToken token) {
        if (entries != null) {
            entries.put(key, token);
        }
    }

    /**
     * Publishes Micrometer's cache meters for this cache ({@code cache.gets} with {@code result=hit|miss}, {@code
     * cache.puts}, {@code cache.evictions}, {@code cache.size}), tagged {@code cache=name}; nothing when the cache
     * is off.
     *
     * @param registry where the meters go
     * @param name the {@code cache} tag
     */
    public void bindTo(MeterRegistry registry, String name) {
        if (entries != null) {
            CaffeineCacheMetrics.monitor(registry, entries, name);
        }
    }

    /**
     * Entries held now, after dropping the expired and the excess (for the gauges and tests).
     *
     * @return the number of entries
     */
    public int size() {
        if (entries == null) {
            return 0;
        }
        entries.cleanUp();
        return (int) entries.estimatedSize();
    }

    /**
     * Each entry's own deadline: its token's {@code exp}, or {@code maxAge} after it was put if that comes first. A
     * token already past {@code exp} expires at once. {@code currentTime} is the clock's time in nanoseconds since
     * the epoch (see {@link #ticker}).
     */
    private record UntilExpiry(Duration maxAge) implements Expiry<String, AccessToken> {

        @Override
        public long expireAfterCreate(String key, AccessToken token, long currentTime) {
            Duration untilExpiry = Duration.between(Instant.ofEpochSecond(0, currentTime), token.expiresAt());
            if (untilExpiry.isNegative()) {
                return 0;
            }
            return ((untilExpiry.compareTo(maxAge) < 0) ? untilExpiry : maxAge).toNanos();
        }

        @Override
        public long expireAfterUpdate(String key, AccessToken token, long currentTime, long currentDuration) {
            return expireAfterCreate(key, token, currentTime);
        }

        @Override
        public long expireAfterRead(String key, AccessToken token, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    private static Ticker ticker(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }
}
