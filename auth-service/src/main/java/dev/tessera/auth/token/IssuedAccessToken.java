package dev.tessera.auth.token;

import java.time.Instant;

/**
 * An access token as issued.
 *
 * @param value the token
 * @param issuedAt when it was issued, by the clock, in whole seconds: {@code expires_in} counts from here, so it
 *     is the lifetime actually granted (never more because a second boundary passed between two clock reads)
 * @param expiresAt when it expires
 */
public record IssuedAccessToken(String value, Instant issuedAt, Instant expiresAt) {

    @Override
    public String toString() {
        return "IssuedAccessToken[expiresAt=" + this.expiresAt + "]";
    }
}
