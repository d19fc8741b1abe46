package dev.tessera.passport;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Enforces {@link RequireCaller} before the handler method runs. */
final class RequireCallerInterceptor implements HandlerInterceptor {

    private final String audience;

    RequireCallerInterceptor(String audience) {
        this.audience = audience;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        RequireCaller requirement = requirementOf(method);
        if (requirement == null) {
            return true;
        }
        Passport passport = PassportArgumentResolver.current(request, audience);
        if (!passport.isAuthenticated()) {
            ProblemResponses.callerRequired(request, response);
            return false;
        }
        if (requirement.anyRole().length > 0
                && Arrays.stream(requirement.anyRole()).noneMatch(passport::hasRole)) {
            ProblemResponses.forbidden(request, response);
            return false;
        }
        return true;
    }

    private static RequireCaller requirementOf(HandlerMethod method) {
        RequireCaller onMethod = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequireCaller.class);
        if (onMethod != null) {
            return onMethod;
        }
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequireCaller onParameter = parameter.getParameterAnnotation(RequireCaller.class);
            if (onParameter != null) {
                return onParameter;
            }
        }
        return AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequireCaller.class);
    }
}
