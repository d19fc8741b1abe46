package dev.tessera.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One token bucket per key, refilled continuously; bounded in the number of keys it remembers. */
public final class TokenBuckets {

    private final int capacity;
    private final long nanosPerToken;
    private final int maxKeys;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * Buckets of {@code capacity} tokens, each refilled evenly over {@code period}.
     *
     * @param capacity tokens in a full bucket
     * @param period time to refill a whole bucket
     * @param maxKeys most keys remembered (full buckets are forgotten first)
     */
    public TokenBuckets(int capacity, Duration period, int maxKeys) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.nanosPerToken = Math.max(1, period.toNanos() / capacity);
        this.maxKeys = maxKeys;
    }

    /**
     * Takes a token for the key.
     *
     * @param key the key
     * @param nowNanos {@link System#nanoTime()}
     * @return 0 when allowed, else the nanoseconds until the next token
     */
    public long tryAcquire(String key, long nowNanos) {
        if (buckets.size() >= maxKeys && !buckets.containsKey(key)) {
            // Forget buckets that have refilled completely: they carry no information.
            buckets.values().removeIf(bucket -> bucket.isFull(nowNanos));
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(nowNanos - capacity * nanosPerToken));
        return bucket.take(nowNanos);
    }

    /**
     * Gives back a token taken for the key (the call it paid for turned out not to count).
     *
     * @param key the key
     */
    public void refund(String key) {
        Bucket bucket = buckets.get(key);
        if (bucket != null) {
            bucket.refund();
        }
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

        synchronized boolean isFull(long now) {
            return emptyAt <= now - capacity * nanosPerToken;
        }
    }
}
