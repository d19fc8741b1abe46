package dev.tessera.gateway.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tessera.gateway.verify.AccessToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Who is logged in, as the page sees it: never a token, only the verified claims and how long the access
 * cookie stays good (the page refreshes before that).
 *
 * @param user the caller
 * @param expiresIn seconds until the access token expires
 */
record SessionView(User user, @JsonProperty("expires_in") long expiresIn) {

    static SessionView of(AccessToken token, Instant now) {
        long seconds = Math.max(0, Duration.between(now, token.expiresAt()).toSeconds());
        return new SessionView(
                new User(
                        token.subject(),
                        token.username(),
                        token.roles().stream().sorted().toList()),
                seconds);
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
