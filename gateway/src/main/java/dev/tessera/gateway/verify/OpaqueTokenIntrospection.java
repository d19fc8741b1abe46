package dev.tessera.gateway.verify;

import dev.tessera.gateway.caller.AccessToken;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * Scheme A: an opaque session token, judged by auth-service instead of verified here. The access filter
 * sends a token here only when it has the opaque shape (43 base64url characters, no dot); everything
 * else, JWTs included, goes to the {@link TokenVerifier}.
 */
public interface OpaqueTokenIntrospection {

    /** The shape of auth-service's opaque session tokens: 256 random bits, base64url, no padding. */
    Pattern OPAQUE_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    /**
     * The identity behind a live session token.
     *
     * @param token the opaque token
     * @param clientAddress the address whose budget of introspection calls pays for a call, or {@code null} for
     *     the gateway's own checks (a token auth-service has just issued)
     * @return the caller; empty when auth-service says (or said, within the negative cache's time) the token is not
     *     active (then 401 {@code invalid_token}); an {@link IntrospectionUnavailableException} error when
     *     auth-service cannot be asked (then 503); an {@link IntrospectionBudgetExceededException} error when the
     *     client address has used up its budget (then 429, auth-service not asked)
     */
    Mono<AccessToken> introspect(String token, String clientAddress);

    static boolean isOpaque(String token) {
        return OPAQUE_SHAPE.matcher(token).matches();
    }
}
