package dev.tessera.boot;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The reactive twin of {@link ServiceTokenFilter}. Verification may fetch auth-service's key set (a blocking HTTP
 * call inside nimbus), so it runs on the bounded-elastic scheduler, never on the event loop.
 */
final class ServiceTokenWebFilter implements WebFilter, Ordered, ApplicationContextAware {

    private final ServiceTokenVerifier verifier;

    private final ServiceTokenPaths paths;

    private @Nullable ApplicationContext context;

    ServiceTokenWebFilter(ServiceTokenVerifier verifier, ServiceTokenPaths paths) {
        this.verifier = verifier;
        this.paths = paths;
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if ((exchange.getApplicationContext() != null && exchange.getApplicationContext() != this.context)
                || !paths.matches(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        String token =
                ServiceTokenPaths.bearer(exchange.getRequest().getHeaders().get(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return Mono.error(new ServiceTokenProblems.MissingTokenException());
        }
        return Mono.fromCallable(() -> verifier.verify(token))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(caller -> {
                    exchange.getAttributes().put(ServiceTokenPaths.ATTRIBUTE, caller);
                    return chain.filter(exchange);
                });
    }

    @Override
    public int getOrder() {
        return PassportAutoConfiguration.FILTER_ORDER;
    }
}
