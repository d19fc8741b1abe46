package dev.tessera.boot;

import dev.tessera.passport.RequireCaller;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerAdapter;
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Enforces {@link RequireCaller} before a WebFlux handler method runs. WebFlux has no handler interceptors, so this
 * adapter stands in front of Spring's {@link RequestMappingHandlerAdapter} for the methods that carry the
 * annotation: it refuses (the refusal is rendered by the problem advice, like any error of a handler) or hands the
 * call on unchanged.
 */
final class RequireCallerHandlerAdapter implements HandlerAdapter, Ordered {

    private final ObjectProvider<RequestMappingHandlerAdapter> delegate;

    private final String audience;

    RequireCallerHandlerAdapter(ObjectProvider<RequestMappingHandlerAdapter> delegate, String audience) {
        this.delegate = delegate;
        this.audience = audience;
    }

    @Override
    public boolean supports(Object handler) {
        return handler instanceof HandlerMethod method && CallerRequirement.of(method) != null;
    }

    @Override
    public Mono<HandlerResult> handle(ServerWebExchange exchange, Object handler) {
        RequireCaller requirement = CallerRequirement.of((HandlerMethod) handler);
        ProblemException refusal = (requirement != null)
                ? CallerRequirement.refusal(
                        requirement, Callers.orAnonymous(exchange.getAttribute(Callers.ATTRIBUTE), this.audience))
                : null;
        if (refusal != null) {
            return Mono.error(refusal);
        }
        return this.delegate.getObject().handle(exchange, handler);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
