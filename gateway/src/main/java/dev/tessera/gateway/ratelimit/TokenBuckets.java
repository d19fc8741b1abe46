package dev.tessera.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.tessera.passport.ClientAddresses;
import java.time.Duration;

/**
 * One token bucket per client address, refilled continuously; an IPv6 client is keyed by its /64 (one host usually
 * holds a whole /64, so per-address buckets would give it 2^64 budgets), an IPv4 client by its address.
 *
 * <p>The key space is bounded: at most {@code maxKeys} buckets (Caffeine's size eviction), and a bucket untouched
 * for a whole {@code period} is dropped, which changes no answer since it has refilled completely by then. Only a
 * flood of more than {@code maxKeys} clients within one period can make a bucket be forgotten before it is full;
 * Caffeine keeps the frequently seen keys then, and the flood itself is what the bound keeps from growing memory.
 *
 * <p>Hand-written rather than Bucket4j: Bucket4j is not among the Maven artifacts this project's machines can
 * resolve (checked when this was written; with it, {@code Bucket} would replace the class below), and the bucket
 * itself is a dozen lines; the part that wanted a library, bounding the keys, is Caffeine's (already a dependency,
 * its version managed by Spring Boot).
 */
public final class TokenBuckets {

    private final int capacity;
    private final long nanosPerToken;
    private final Ticker ticker;
    private final Cache<String, Bucket> buckets;

    /**
     * Buckets of {@code capacity} tokens, each refilled evenly over {@code period}.
     *
     * @param capacity tokens in a full bucket
     * @param period time to refill a whole bucket
     * @param maxKeys most client keys remembered
     */
    public TokenBuckets(int capacity, Duration period, int maxKeys) {
        this(capacity, period, maxKeys, Ticker.systemTicker());
    }

    TokenBuckets(int capacity, Duration period, int maxKeys, Ticker ticker) {
        if (capacity < 1 || maxKeys < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("capacity, period and maxKeys must be positive");
        }
        this.capacity = capacity;
        this.nanosPerToken = Math.max(1, period.toNanos() / capacity);
        this.ticker = ticker;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(period)
                .ticker(ticker)
                .build();
    }

    /**
     * Takes a token for the client.
     *
     * @param clientAddress the client address (an IP literal; anything else is its own key)
     * @return 0 when allowed, else the nanoseconds until the next token
     */
    public long tryAcquire(String clientAddress) {
        long now = ticker.read();
        return buckets.get(keyOf(clientAddress), key -> new Bucket(now - capacity * nanosPerToken))
                .take(now);
    }

    /**
     * Gives back a token taken for the client (the call it paid for turned out not to count).
     *
     * @param clientAddress the client address given to {@link #tryAcquire}
     */
    public void refund(String clientAddress) {
        Bucket bucket = buckets.getIfPresent(keyOf(clientAddress));
        if (bucket != null) {
            bucket.refund();
        }
    }

    /** Buckets held now, after dropping the idle and the excess (for tests). */
    long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    /**
     * The bucket key of a client address: an IPv6 address's first 64 bits ({@code 2001:db8:0:1::/64}), anything else
     * unchanged. An IPv6 zone ({@code %eth0}) is ignored; an IPv4-mapped IPv6 address counts as its IPv4 address.
     */
    static String keyOf(String clientAddress) {
        return ClientAddresses.parse(clientAddress)
                .map(ClientAddresses::network)
                .orElse(clientAddress);
    }

    private final class Bucket {

        /** The time at which the bucket would be empty; tokens = (now - emptyAt) / nanosPerToken, capped. */
        private long emptyAt;

        Bucket(long emptyAt) {
            this.emptyAt = emptyAt;
        }

        synchronized long take(long now) {
            long floor = now - capacity * nanosPerToken;
            if (emptyAt < floor) {
                emptyAt = floor;
            }
            long next = emptyAt + nanosPerToken;
            if (next > now) {
                return next - now;
            }
            emptyAt = next;
            return 0;
        }

        synchronized void refund() {
            emptyAt -= nanosPerToken;
        }
    }
}
