package dev.tessera.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes RFC 9457 problem bodies. Only fixed texts and the validated request id go into a body: never
 * the token, a header value or an exception message.
 */
public final class Problems {

    private static final Map<Integer, String> DETAILS = Map.ofEntries(
            Map.entry(400, "The request is not acceptable."),
            Map.entry(401, "Authentication is required or the access token is not valid."),
            Map.entry(403, "The request is not allowed."),
            Map.entry(404, "No such resource."),
            Map.entry(405, "The request method is not supported."),
            Map.entry(429, "Too many requests; try again later."),
            Map.entry(500, "An internal error occurred."),
            Map.entry(502, "The upstream service answered with an error."),
            Map.entry(503, "The service is temporarily unavailable."),
            Map.entry(504, "The upstream service did not answer in time."));

    private Problems() {}

    private static boolean declaresBody(HttpHeaders request) {
        return request.getContentLength() > 0 || request.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    /**
     * Writes a problem response, committing it.
     *
     * @param exchange the exchange
     * @param status the status
     * @param wwwAuthenticate a {@code WWW-Authenticate} value, or {@code null}
     * @return completion
     */
    public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String wwwAuthenticate) {
        return write(exchange, status, wwwAuthenticate, DETAILS.getOrDefault(status.value(), status.getReasonPhrase()));
    }

    /**
     * Writes a problem response with a fixed detail text.
     *
     * @param exchange the exchange
     * @param status the status
     * @param wwwAuthenticate a {@code WWW-Authenticate} value, or {@code null}
     * @param detail a fixed text, never derived from input
     * @return completion
     */
    public static Mono<Void> write(
            ServerWebExchange exchange, HttpStatus status, String wwwAuthenticate, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        String requestId = EdgeAttributes.requestId(exchange);
        String body = "{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
                + status.value() + ",\"detail\":\"" + detail + "\""
                + (requestId != null ? ",\"requestId\":\"" + requestId + "\"" : "") + "}";
        response.setStatusCode(status);
        HttpHeaders headers = response.getHeaders();
        headers.set(HttpHeaders.CONTENT_TYPE, "application/problem+json");
        headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
        if (wwwAuthenticate != null) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, wwwAuthenticate);
        }
        if (declaresBody(exchange.getRequest().getHeaders())) {
            // A refused request's body may still be on its way, unread: close the connection after the answer
            // (RFC 9112, 9.6) rather than make the next request wait behind a body nobody wants.
            headers.set(HttpHeaders.CONNECTION, "close");
        }
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }
}
