package dev.tessera.gateway.page;

import dev.tessera.gateway.edge.EdgeFilter;
import dev.tessera.gateway.edge.MainPortWebFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Security headers on every answer of the public port, set just before the response commits so they
 * cover the page, the gateway's own answers (session, problems) and routed upstream answers alike:
 *
 * <ul>
 *   <li>a strict Content-Security-Policy with no inline script or style and no framing;
 *   <li>{@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer}, {@code
 *       X-Frame-Options: DENY} (for browsers without {@code frame-ancestors});
 *   <li>{@code Cache-Control: no-store} on HTML and on everything under {@code /api/}: after logout the
 *       back button finds nothing private in the browser's cache; page assets are revalidated ({@code
 *       no-cache}) so a new version is picked up at once.
 * </ul>
 */
@Component
final class SecurityHeadersFilter extends MainPortWebFilter implements Ordered {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
            + " form-action 'self'";

    @Override
    public int getOrder() {
        // Before the edge filter, so even its early refusals carry the headers.
        return EdgeFilter.ORDER - 10;
    }

    @Override
    protected Mono<Void> filterPublic(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Cross-Origin-Opener-Policy", "same-origin");
            MediaType type = headers.getContentType();
            if (path.startsWith("/api/") || (type != null && MediaType.TEXT_HTML.isCompatibleWith(type))) {
                headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
                headers.remove(HttpHeaders.EXPIRES);
            } else if (!path.startsWith("/.well-known/") && !headers.containsHeader(HttpHeaders.CACHE_CONTROL)) {
                headers.set(HttpHeaders.CACHE_CONTROL, "no-cache");
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }
}
