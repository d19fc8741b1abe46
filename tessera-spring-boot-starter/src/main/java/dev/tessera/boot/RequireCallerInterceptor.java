package dev.tessera.boot;

import dev.tessera.passport.RequireCaller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Enforces {@link RequireCaller} before a Spring MVC handler method runs: the refusal is thrown, so the problem
 * advice renders it like any other problem.
 */
final class RequireCallerInterceptor implements HandlerInterceptor {

    private final String audience;

    RequireCallerInterceptor(String audience) {
        this.audience = audience;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method) {
            RequireCaller requirement = CallerRequirement.of(method);
            if (requirement != null) {
                ProblemException refusal = CallerRequirement.refusal(
                        requirement, Callers.orAnonymous(request.getAttribute(Callers.ATTRIBUTE), this.audience));
                if (refusal != null) {
                    throw refusal;
                }
            }
        }
        return true;
    }
}
