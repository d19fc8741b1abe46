package dev.tessera.gateway.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens whose signature and time-independent claims were already verified, keyed by the SHA-256 of the
 * exact token text (the token itself is never kept). An entry is dropped once past the token's {@code
 * exp}; the map never holds more than {@code maxEntries}. A hit saves the signature check and JSON
 * parsing only: the caller still runs every time-dependent check.
 */
final class VerifiedTokenCache {

    private final int maxEntries;
    private final Map<String, AccessToken> entries = new ConcurrentHashMap<>();

    VerifiedTokenCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    static String keyOf(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    AccessToken get(String key, Instant now) {
        AccessToken token = entries.get(key);
        if (token != null && now.isAfter(token.expiresAt())) {
            entries.remove(key, token);
            return null;
        }
        return token;
    }

    void put(String key, AccessToken token, Instant now) {
        if (maxEntries <= 0) {
            return;
        }
        if (entries.size() >= maxEntries) {
            evict(now);
        }
        entries.put(key, token);
    }

    int size() {
        return entries.size();
    }

    /** Drops expired entries; if still full, drops an arbitrary tenth (cheap, and bounded is what matters). */
    private void evict(Instant now) {
        entries.values().removeIf(token -> now.isAfter(token.expiresAt()));
        int excess = entries.size() - maxEntries + Math.max(1, maxEntries / 10);
        Iterator<String> keys = entries.keySet().iterator();
        while (excess-- > 0 && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
