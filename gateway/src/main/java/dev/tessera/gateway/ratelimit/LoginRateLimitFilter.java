package dev.tessera.gateway.ratelimit;

import dev.tessera.gateway.edge.EdgeAttributes;
import dev.tessera.gateway.edge.EdgeFilter;
import dev.tessera.gateway.edge.MainPortWebFilter;
import dev.tessera.gateway.edge.Problems;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * 429 with {@code Retry-After} once a client address (an IPv6 client: its /64, see {@link TokenBuckets}) exceeds
 * its budget on the login/registration paths. The address is the one {@link EdgeFilter} decided, so a spoofed
 * {@code X-Forwarded-For} from an untrusted peer changes nothing.
 *
 * <p>The paths are matched the way the access rules and the session endpoints' handler mapping match them
 * (Spring's {@link PathPattern} on the decoded segments), not as raw text: a spelling the edge let through
 * can never reach the login past this limit while those rules still recognise it (issue 13). {@code
 * EdgeFilter} refuses non-canonical spellings before this filter runs anyway.
 */
@Component
final class LoginRateLimitFilter extends MainPortWebFilter implements Ordered {

    private final List<PathPattern> paths;
    private final TokenBuckets buckets;

    LoginRateLimitFilter(RateLimitProperties properties) {
        this.paths = properties.paths().stream()
                .map(PathPatternParser.defaultInstance::parse)
                .toList();
        this.buckets = new TokenBuckets(properties.capacity(), properties.period(), properties.maxClients());
    }

    @Override
    public int getOrder() {
        return EdgeFilter.ORDER + 100;
    }

    @Override
    protected Mono<Void> filterPublic(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        if (paths.stream().noneMatch(pattern -> pattern.matches(path))) {
            return chain.filter(exchange);
        }
        long wait = buckets.tryAcquire(EdgeAttributes.clientAddress(exchange));
        if (wait == 0) {
            return chain.filter(exchange);
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L));
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, null);
    }
}
