package dev.tessera.boot;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Controller parameters of type {@link ServiceCaller}, in both stacks: the verified machine token's caller. A handler
 * that asks for one on a path that is not a machine-token path gets 401: a service caller is never made up.
 */
final class ServiceCallerArgumentResolvers {

    private ServiceCallerArgumentResolvers() {}

    private static ServiceCaller required(@Nullable Object attribute) {
        if (attribute instanceof ServiceCaller caller) {
            return caller;
        }
        throw new ServiceTokenProblems.MissingTokenException();
    }

    /** Spring MVC. */
    static final class Servlet implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return ServiceCaller.class.equals(parameter.getParameterType());
        }

        @Override
        public Object resolveArgument(
                MethodParameter parameter,
                @Nullable ModelAndViewContainer container,
                NativeWebRequest request,
                @Nullable WebDataBinderFactory binderFactory) {
            return required(request.getAttribute(ServiceTokenPaths.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
        }
    }

    /** WebFlux. */
    static final class Reactive
            implements org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return ServiceCaller.class.equals(parameter.getParameterType());
        }

        @Override
        public Mono<Object> resolveArgument(
                MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
            return Mono.fromSupplier(() -> required(exchange.getAttribute(ServiceTokenPaths.ATTRIBUTE)));
        }
    }
}
