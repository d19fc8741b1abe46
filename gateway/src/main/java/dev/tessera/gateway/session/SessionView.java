package dev.tessera.gateway.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tessera.gateway.caller.AccessToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Who is logged in, as the page sees it: never a token, only the verified claims and how long the access
 * cookie stays good (the page refreshes before that).
 *
 * @param user the caller
 * @param expiresIn seconds until the access token expires
 * @param tokenFormat {@code jwt} (verified at the gateway) or {@code opaque} (a server-side session that the
 *     gateway introspects at auth-service), so the page can say which scheme is in use
 */
record SessionView(
        User user,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("token_format") String tokenFormat) {

    static SessionView of(AccessToken token, Instant now) {
        long seconds = Math.max(0, Duration.between(now, token.expiresAt()).toSeconds());
        return new SessionView(
                new User(
                        token.subject(),
                        token.username(),
                        token.roles().stream().sorted().toList()),
                seconds,
                // Only a JWT is verified with a key; an introspected session has none.
                (token.keyId() != null) ? "jwt" : "opaque");
    }

    /**
     * The caller's identity from the access token.
     *
     * @param id {@code sub}
     * @param username {@code preferred_username}
     * @param roles {@code roles}, sorted
     */
    record User(String id, String username, List<String> roles) {}
}
