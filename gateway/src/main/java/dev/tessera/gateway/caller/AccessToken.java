package dev.tessera.gateway.caller;

import java.time.Instant;
import java.util.Set;
import org.springframework.web.server.ServerWebExchange;

/**
 * A verified access token's identity, as the rest of the gateway sees it: the verifier {@linkplain #bindTo binds} it to
 * the exchange once the token is verified and the route admits the caller; the passport, the access log and the session
 * endpoints {@linkplain #of read} it. It holds no part of the raw token.
 *
 * @param subject the user id ({@code sub})
 * @param username {@code preferred_username}, may be {@code null}
 * @param roles {@code roles}
 * @param sessionId {@code sid}, may be {@code null}
 * @param tokenId {@code jti}, may be {@code null}
 * @param issuedAt {@code iat}
 * @param notBefore {@code nbf}, may be {@code null}
 * @param expiresAt {@code exp}
 * @param keyId the {@code kid} that verified it
 */
public record AccessToken(
        String subject,
        String username,
        Set<String> roles,
        String sessionId,
        String tokenId,
        Instant issuedAt,
        Instant notBefore,
        Instant expiresAt,
        String keyId) {

    private static final String ATTRIBUTE = AccessToken.class.getName();

    public AccessToken {
        roles = Set.copyOf(roles);
    }

    /**
     * Makes this the verified caller of the exchange, for every filter and handler after the verifier.
     *
     * @param exchange the exchange
     */
    public void bindTo(ServerWebExchange exchange) {
        exchange.getAttributes().put(ATTRIBUTE, this);
    }

    /**
     * The verified caller of this exchange.
     *
     * @param exchange the exchange
     * @return the token, or {@code null} for an anonymous caller
     */
    public static AccessToken of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }
}
