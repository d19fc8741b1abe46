package dev.tessera.gateway.ratelimit;

import dev.tessera.gateway.edge.EdgeAttributes;
import dev.tessera.gateway.edge.EdgeFilter;
import dev.tessera.gateway.edge.MainPortWebFilter;
import dev.tessera.gateway.edge.Problems;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * 429 with {@code Retry-After} once a client address exceeds its budget on the login/registration
 * paths. The address is the one {@link EdgeFilter} decided, so a spoofed {@code X-Forwarded-For} from an
 * untrusted peer changes nothing.
 */
@Component
final class LoginRateLimitFilter extends MainPortWebFilter implements Ordered {

    private final Set<String> paths;
    private final TokenBuckets buckets;

    LoginRateLimitFilter(RateLimitProperties properties) {
        this.paths = Set.copyOf(properties.paths());
        this.buckets = new TokenBuckets(properties.capacity(), properties.period(), properties.maxClients());
    }

    @Override
    public int getOrder() {
        return EdgeFilter.ORDER + 100;
    }

    @Override
    protected Mono<Void> filterPublic(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!paths.contains(path)) {
            return chain.filter(exchange);
        }
        long wait = buckets.tryAcquire(EdgeAttributes.clientAddress(exchange), System.nanoTime());
        if (wait == 0) {
            return chain.filter(exchange);
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L));
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, null);
    }
}
