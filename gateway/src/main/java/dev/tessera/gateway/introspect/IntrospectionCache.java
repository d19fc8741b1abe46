package dev.tessera.gateway.introspect;

import dev.tessera.gateway.verify.AccessToken;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Positive answers only, keyed by the SHA-256 of the token (the token itself is not kept), each until
 * {@code min(now + ttl, exp)}. Bounded: when full, expired entries go first, then an arbitrary tenth, so
 * memory never grows with the number of distinct tokens seen.
 */
final class IntrospectionCache {

    private record Entry(AccessToken token, Instant until) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int capacity;

    IntrospectionCache(Duration ttl, int capacity) {
        this.ttl = ttl;
        this.capacity = capacity;
    }

    boolean enabled() {
        return !ttl.isZero() && capacity > 0;
    }

    AccessToken get(String key, Instant now) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!entry.until().isAfter(now)) {
            entries.remove(key, entry);
            return null;
        }
        return entry.token();
    }

    void put(String key, AccessToken token, Instant now) {
        if (!enabled()) {
            return;
        }
        Instant until = now.plus(ttl);
        if (token.expiresAt().isBefore(until)) {
            until = token.expiresAt();
        }
        if (entries.size() >= capacity) {
            evict(now);
        }
        entries.put(key, new Entry(token, until));
    }

    int size() {
        return entries.size();
    }

    private void evict(Instant now) {
        entries.values().removeIf(entry -> !entry.until().isAfter(now));
        int excess = entries.size() - capacity + Math.max(1, capacity / 10);
        Iterator<String> keys = entries.keySet().iterator();
        while (excess-- > 0 && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
