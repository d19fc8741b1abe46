package dev.tessera.gateway.edge;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A {@link WebFilter} for the public port only. The management port (actuator) runs in a child context
 * whose handler also picks up the parent's {@code WebFilter} beans; the edge rules (deny by default, rate
 * limits, token checks) belong to the public port, so requests handled by another context pass through.
 */
public abstract class MainPortWebFilter implements WebFilter, ApplicationContextAware {

    private ApplicationContext context;

    @Override
    public final void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public final Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (context != null && exchange.getApplicationContext() != context) {
            return chain.filter(exchange);
        }
        return filterPublic(exchange, chain);
    }

    /**
     * Filters a request received on the public port.
     *
     * @param exchange the exchange
     * @param chain the rest of the chain
     * @return completion
     */
    protected abstract Mono<Void> filterPublic(ServerWebExchange exchange, WebFilterChain chain);
}
