package dev.tessera.gateway.verify;

import dev.tessera.gateway.caller.AccessToken;
import reactor.core.publisher.Mono;

/**
 * Verifies a JWT access token at the edge. The gateway has one implementation, {@link AccessTokenVerifier}; the
 * interface is the seam through which the benchmark puts Spring Security's resource-server decoder in its place (a
 * {@code @Primary} bean from a jar on the benchmark's class path, never part of the gateway's own jar).
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
