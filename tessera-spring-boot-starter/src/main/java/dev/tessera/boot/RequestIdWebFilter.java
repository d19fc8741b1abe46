package dev.tessera.boot;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The reactive twin of {@link RequestIdFilter}: the request id ({@link RequestIds}) as an exchange attribute for the
 * problem bodies and in the Reactor context under {@code http.request.id}, from where the logging context of the
 * handlers gets it (see {@link ReactiveLoggingContext}).
 */
final class RequestIdWebFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String id = RequestIds.from(exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER));
        exchange.getAttributes().put(RequestIds.ATTRIBUTE, id);
        return chain.filter(exchange).contextWrite(context -> context.put(RequestIds.MDC_KEY, id));
    }

    @Override
    public int getOrder() {
        return RequestIdAutoConfiguration.FILTER_ORDER;
    }
}
