package dev.tessera.boot;

import dev.tessera.passport.Passport;
import dev.tessera.passport.RequireCaller;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;

/** {@link RequireCaller} for a handler method, the same in Spring MVC and WebFlux. */
final class CallerRequirement {

    private CallerRequirement() {}

    /** The requirement on the method, on its {@code Passport} parameter, or on its class; {@code null} if none. */
    static @Nullable RequireCaller of(HandlerMethod method) {
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

    /** The refusal of {@code caller} under {@code requirement}: 401 when anonymous, 403 without a role; or null. */
    static @Nullable ProblemException refusal(RequireCaller requirement, Passport caller) {
        if (!caller.isAuthenticated()) {
            return new CallerProblems.AuthenticationRequiredException();
        }
        if (requirement.anyRole().length > 0
                && Arrays.stream(requirement.anyRole()).noneMatch(caller::hasRole)) {
            return new CallerProblems.ForbiddenException();
        }
        return null;
    }
}
