package dev.tessera.boot;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/** Problem answers from servlet filters, which run before Spring MVC and its message converters. */
final class ServletProblems {

    private ServletProblems() {}

    /**
     * The request id for a problem body: the one {@link RequestIdFilter} chose, else the logging context's, else a
     * safe {@code X-Request-Id}; {@code null} when there is none.
     */
    static @Nullable String requestId(@Nullable HttpServletRequest request) {
        if (request != null && request.getAttribute(RequestIds.ATTRIBUTE) instanceof String id) {
            return id;
        }
        String logged = MDC.get(RequestIds.MDC_KEY);
        if (logged != null) {
            return logged;
        }
        String sent = (request != null) ? request.getHeader(RequestIds.HEADER) : null;
        return RequestIds.isSafe(sent) ? sent : null;
    }

    /**
     * Writes a problem as the whole response. With {@code closeConnection} the client is told that the connection
     * ends here (the request body was not read and must not be taken for the next request).
     */
    static void write(
            HttpServletRequest request, HttpServletResponse response, ProblemDetail problem, boolean closeConnection)
            throws IOException {
        ProblemBodies.normalize(problem, requestId(request));
        byte[] body = ProblemBodies.json(problem).getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (closeConnection) {
            response.setHeader(HttpHeaders.CONNECTION, "close");
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    static void write(HttpServletRequest request, HttpServletResponse response, ProblemException problem)
            throws IOException {
        problem.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        write(request, response, problem.completeBody(), false);
    }
}
