package dev.tessera.boot;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** Sets {@link SecurityHeadersProperties#headers()} on every reactive response, refusals included. */
final class SecurityHeadersWebFilter implements WebFilter, Ordered {

    private final String[][] headers;

    SecurityHeadersWebFilter(SecurityHeadersProperties properties) {
        this.headers = properties.headers();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders response = exchange.getResponse().getHeaders();
        for (String[] header : this.headers) {
            response.set(header[0], header[1]);
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return SecurityHeadersAutoConfiguration.FILTER_ORDER;
    }
}
