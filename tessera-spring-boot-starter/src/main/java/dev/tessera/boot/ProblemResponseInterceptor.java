package dev.tessera.boot;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The last look at every problem Spring renders, whoever produced it (the kit's advice, a service's own advice, a
 * controller returning a {@code ProblemDetail}): Spring fills in {@code instance} with the request path just before,
 * and the contract never echoes the path; an {@code about:blank} type becomes a Tessera one. In Spring MVC the
 * request id is added too (the request is at hand); WebFlux's renderers add it themselves.
 */
final class ProblemResponseInterceptor implements ErrorResponse.Interceptor {

    private final boolean servlet;

    private ProblemResponseInterceptor(boolean servlet) {
        this.servlet = servlet;
    }

    static ProblemResponseInterceptor servlet() {
        return new ProblemResponseInterceptor(true);
    }

    static ProblemResponseInterceptor reactive() {
        return new ProblemResponseInterceptor(false);
    }

    @Override
    public void handleError(ProblemDetail detail, @Nullable ErrorResponse errorResponse) {
        if (errorResponse instanceof ProblemException problem) {
            problem.completeBody();
        }
        String requestId = null;
        if (this.servlet) {
            RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
            HttpServletRequest request = (attributes instanceof ServletRequestAttributes servletAttributes)
                    ? servletAttributes.getRequest()
                    : null;
            requestId = ServletProblems.requestId(request);
        } else if (detail.getProperties() != null
                && detail.getProperties().get(ProblemBodies.REQUEST_ID) instanceof String known) {
            requestId = known;
        }
        ProblemBodies.normalize(detail, requestId);
    }
}
