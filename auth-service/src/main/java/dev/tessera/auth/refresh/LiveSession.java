package dev.tessera.auth.refresh;

import dev.tessera.auth.token.TokenFormat;
import java.time.Instant;
import java.util.UUID;

/**
 * A live login of an account, as its owner sees it in the list of sessions.
 *
 * @param id the refresh family's id, the {@code sid} of its access tokens
 * @param format what its access tokens are: JWT (scheme B) or opaque (scheme A)
 * @param userAgent the login request's {@code User-Agent}, may be {@code null}
 * @param address the login's client address, may be {@code null}
 * @param createdAt when the login completed
 * @param lastUsedAt when auth-service last saw it used (see {@code RefreshFamily})
 */
public record LiveSession(
        UUID id, TokenFormat format, String userAgent, String address, Instant createdAt, Instant lastUsedAt) {}
