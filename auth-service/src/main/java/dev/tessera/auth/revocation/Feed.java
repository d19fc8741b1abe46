package dev.tessera.auth.revocation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.UUID;

/**
 * One page of the revocation feed (docs/contracts.md, "Internal calls"). Times are epoch seconds.
 *
 * @param next the cursor to pass as {@code since} next time (opaque to callers)
 * @param more whether more revocations follow right away (ask again with {@code next})
 * @param users tokens of {@code sub} with {@code iat < not_before} are revoked until {@code expires_at}
 * @param sessions tokens with this {@code sid} are revoked until {@code expires_at}
 */
public record Feed(String next, boolean more, List<UserEntry> users, List<SessionEntry> sessions) {

    public record UserEntry(
            UUID sub,
            @JsonProperty("not_before") long notBefore,
            @JsonProperty("expires_at") long expiresAt) {}

    public record SessionEntry(
            UUID sid, @JsonProperty("expires_at") long expiresAt) {}
}
