package dev.tessera.boot;

import org.springframework.core.Ordered;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The reactive twin of {@link PassportSecurityContextFilter}: the verified passport as the {@code Authentication} in
 * the Reactor context, where Spring Security's {@code ReactorContextWebFilter} leaves an existing context alone and
 * {@code ReactiveSecurityContextHolder}, {@code @AuthenticationPrincipal} and reactive method security find it.
 */
final class PassportSecurityContextWebFilter implements WebFilter, Ordered {

    private final String audience;

    PassportSecurityContextWebFilter(String audience) {
        this.audience = audience;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange)
                .contextWrite(ReactiveSecurityContextHolder.withAuthentication(PassportAuthentications.of(
                        Callers.orAnonymous(exchange.getAttribute(Callers.ATTRIBUTE), this.audience))));
    }

    @Override
    public int getOrder() {
        return PassportSecurityAutoConfiguration.FILTER_ORDER;
    }
}
