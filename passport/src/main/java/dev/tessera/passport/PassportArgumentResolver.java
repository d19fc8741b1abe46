package dev.tessera.passport;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves controller parameters of type {@link Passport}: the verified passport, or an explicit
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
        return current(webRequest.getNativeRequest(HttpServletRequest.class), audience);
    }

    static Passport current(HttpServletRequest request, String audience) {
        Object passport = (request != null) ? request.getAttribute(PassportFilter.ATTRIBUTE) : null;
        if (passport instanceof Passport verified) {
            return verified;
        }
        Instant now = Instant.now();
        return Passport.anonymous(audience, now, now);
    }
}
