package dev.tessera.auth.token;

import java.time.Instant;

/** A signed access token and its expiry. */
public record IssuedAccessToken(String value, Instant expiresAt) {

    @Override
    public String toString() {
        return "IssuedAccessToken[expiresAt=" + this.expiresAt + "]";
    }
}
