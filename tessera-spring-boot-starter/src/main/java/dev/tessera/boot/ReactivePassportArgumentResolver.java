package dev.tessera.boot;

import dev.tessera.passport.Passport;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Resolves WebFlux controller parameters of type {@link Passport}: the verified passport, or an explicit anonymous
 * one on an exempt path without a passport. Never empty.
 */
final class ReactivePassportArgumentResolver implements HandlerMethodArgumentResolver {

    private final String audience;

    ReactivePassportArgumentResolver(String audience) {
        this.audience = audience;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return Passport.class.equals(parameter.getParameterType());
    }

    @Override
    public Mono<Object> resolveArgument(
            MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
        return Mono.just(Callers.orAnonymous(exchange.getAttribute(Callers.ATTRIBUTE), this.audience));
    }
}
