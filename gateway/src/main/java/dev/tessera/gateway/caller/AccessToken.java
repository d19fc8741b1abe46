package dev.tessera.gateway.caller;

import dev.tessera.passport.Passport;
import java.time.Instant;
import java.util.List;
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
 * @param methods how the user authenticated ({@code amr}, RFC 8176: {@code pwd}, {@code otp}, …); empty when the
 *     token does not say
 * @param authTime when the user authenticated ({@code auth_time}), may be {@code null}
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
        String keyId,
        List<String> methods,
        Instant authTime) {

    private static final String ATTRIBUTE = AccessToken.class.getName();

    public AccessToken {
        roles = Set.copyOf(roles);
        methods = (methods == null) ? List.of() : List.copyOf(methods);
    }

    /** A token that does not say how the user authenticated (tests, and tokens of older auth-services). */
    public AccessToken(
            String subject,
            String username,
            Set<String> roles,
            String sessionId,
            String tokenId,
            Instant issuedAt,
            Instant notBefore,
            Instant expiresAt,
            String keyId) {
        this(subject, username, roles, sessionId, tokenId, issuedAt, notBefore, expiresAt, keyId, List.of(), null);
    }

    /** Whether the user authenticated with a second factor ({@code amr} names one). */
    public boolean secondFactor() {
        return Passport.namesSecondFactor(methods);
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
