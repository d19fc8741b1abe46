package dev.tessera.boot;

import java.time.Instant;
import java.util.Set;

/**
 * The service that called, as its verified machine token names it: the registered client (auth-service's client
 * credentials grant) and the scopes it was granted for this audience. Obtained as a controller parameter on a
 * machine-token path ({@code tessera.service-token.paths}).
 *
 * <pre>{@code
 * @PostMapping("/internal/reply-events")
 * Mono<Void> replied(ServiceCaller caller, @RequestBody ReplyEvent event) {
 *     caller.requireScope("notifications:write");
 *     ...
 * }
 * }</pre>
 *
 * @param clientId the client's id ({@code client_id}, equal to {@code sub})
 * @param scopes the granted scopes ({@code scope})
 * @param tokenId the token's {@code jti}
 * @param expiresAt when the token expires
 */
public record ServiceCaller(String clientId, Set<String> scopes, String tokenId, Instant expiresAt) {

    public ServiceCaller {
        scopes = Set.copyOf(scopes);
    }

    /**
     * Whether the token grants a scope.
     *
     * @param scope e.g. {@code notifications:write}
     * @return {@code true} if granted
     */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /**
     * Demands a scope: without it the request ends with 403 ({@code Bearer error="insufficient_scope"}).
     *
     * @param scope e.g. {@code notifications:write}
     * @throws ProblemException 403 when the scope is missing
     */
    public void requireScope(String scope) {
        if (scope.isEmpty() || scope.chars().anyMatch(c -> c <= 0x20 || c == '"' || c == '\\' || c > 0x7e)) {
            throw new IllegalArgumentException("Not an OAuth scope token: " + scope);
        }
        if (!hasScope(scope)) {
            throw new ServiceTokenProblems.InsufficientScopeException(scope);
        }
    }
}
