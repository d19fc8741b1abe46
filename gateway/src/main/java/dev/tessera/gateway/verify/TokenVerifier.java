package dev.tessera.gateway.verify;

import dev.tessera.gateway.caller.AccessToken;
import reactor.core.publisher.Mono;

/**
 * Verifies a JWT access token at the edge. Two implementations exist so the benchmark can compare them: {@link
 * AccessTokenVerifier} (Tessera's own, the default) and {@link SpringSecurityTokenVerifier} (Spring Security's
 * resource-server decoder), chosen by {@code tessera.gateway.jwt.verifier}.
 */
interface TokenVerifier {

    /**
     * Verifies a token.
     *
     * @param token the compact JWS text
     * @return the verified identity; errors: {@link TokenRejectedException} (401 {@code invalid_token}) or {@link
     *     KeysUnavailableException} (503: no key set could ever be loaded)
     */
    Mono<AccessToken> verify(String token);
}
