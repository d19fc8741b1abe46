package dev.tessera.gateway.route;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.addOriginalRequestUrl;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Replaces a route's public prefix with its upstream prefix on the raw (still encoded) path, the way Spring
 * Cloud Gateway's {@code StripPrefix} does: {@code /api/auth/login} → {@code /auth/login}, {@code /api/forum}
 * → {@code /}. The route's predicate guarantees that the path starts with the prefix.
 */
final class UpstreamPathGatewayFilter implements GatewayFilter, Ordered {

    private final String publicPrefix;
    private final String upstreamPrefix;

    UpstreamPathGatewayFilter(String publicPrefix, String upstreamPrefix) {
        this.publicPrefix = publicPrefix;
        this.upstreamPrefix = upstreamPrefix;
    }

    @Override
    public int getOrder() {
        return 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        addOriginalRequestUrl(exchange, request.getURI());
        String rawPath = request.getURI().getRawPath();
        String path = upstreamPrefix + rawPath.substring(publicPrefix.length());
        ServerHttpRequest rewritten =
                request.mutate().path(path.isEmpty() ? "/" : path).build();
        exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, rewritten.getURI());
        return chain.filter(exchange.mutate().request(rewritten).build());
    }

    @Override
    public String toString() {
        return "UpstreamPath[" + publicPrefix + " -> " + (upstreamPrefix.isEmpty() ? "/" : upstreamPrefix) + "]";
    }
}
