package dev.tessera.passport;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes the few RFC 9457 bodies this module produces; nothing from the request is echoed but a safe id. */
final class ProblemResponses {

    static final String REQUEST_ID_HEADER = "X-Request-Id";

    private ProblemResponses() {}

    static void unauthorized(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(request, response, 401, "Unauthorized", "This service accepts only requests routed by the gateway.");
    }

    static void callerRequired(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(request, response, 401, "Unauthorized", "Authentication is required.");
    }

    static void forbidden(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(request, response, 403, "Forbidden", "The caller lacks the required role.");
    }

    private static void write(
            HttpServletRequest request, HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        String requestId = request.getHeader(REQUEST_ID_HEADER);
        StringBuilder body = new StringBuilder()
                .append("{\"type\":\"about:blank\",\"title\":\"")
                .append(title)
                .append("\",\"status\":")
                .append(status)
                .append(",\"detail\":\"")
                .append(detail)
                .append('"');
        if (RequestIdFilter.isSafe(requestId)) {
            body.append(",\"requestId\":\"").append(requestId).append('"');
        }
        body.append('}');
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }
}
