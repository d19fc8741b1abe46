package dev.tessera.gateway.revocation;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The revocations the gateway applies to verified access tokens, as fetched from auth-service's feed.
 * Memory is proportional to the revocations within one access-token lifetime (every entry carries the
 * time after which no token it can hit is accepted any more, and is dropped then), not to the number of
 * users. A look-up is two map reads: requests never wait for the feed.
 */
public final class RevocationList {

    /** A user's tokens issued before {@code notBefore} (epoch seconds) are refused until {@code until}. */
    private record UserEntry(long notBefore, long until) {}

    private final Map<String, UserEntry> users = new ConcurrentHashMap<>();
    private final Map<String, Long> sessions = new ConcurrentHashMap<>();

    /** An empty list (also what a gateway without the feed uses). */
    public RevocationList() {}

    /**
     * Whether a verified token is revoked.
     *
     * @param subject the token's {@code sub}
     * @param sessionId the token's {@code sid}, may be {@code null}
     * @param issuedAt the token's {@code iat}
     * @return {@code true} when a user-level not-before lies after {@code iat} or the session was revoked
     */
    public boolean isRevoked(String subject, String sessionId, Instant issuedAt) {
        UserEntry user = users.get(subject);
        if (user != null && issuedAt.getEpochSecond() < user.notBefore()) {
            return true;
        }
        return sessionId != null && sessions.containsKey(sessionId);
    }

    void revokeUser(String subject, long notBefore, long until) {
        users.merge(
                subject,
                new UserEntry(notBefore, until),
                (a, b) -> new UserEntry(Math.max(a.notBefore(), b.notBefore()), Math.max(a.until(), b.until())));
    }

    void revokeSession(String sessionId, long until) {
        sessions.merge(sessionId, until, Math::max);
    }

    /** Drops entries past their window. */
    void evictExpired(Instant now) {
        long second = now.getEpochSecond();
        users.values().removeIf(entry -> entry.until() < second);
        sessions.values().removeIf(until -> until < second);
    }

    int size() {
        return users.size() + sessions.size();
    }
}
