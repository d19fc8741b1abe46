package dev.tessera.boot;

import dev.tessera.passport.Passport;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves Spring MVC controller parameters of type {@link Passport}: the verified passport, or an explicit
 * anonymous one on an exempt path without a passport. Never {@code null}.
 */
final class PassportArgumentResolver implements HandlerMethodArgumentResolver {

    private final String audience;

    PassportArgumentResolver(String audience) {
        this.audience = audience;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return Passport.class.equals(parameter.getParameterType());
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        return Callers.orAnonymous((request != null) ? request.getAttribute(Callers.ATTRIBUTE) : null, this.audience);
    }
}
