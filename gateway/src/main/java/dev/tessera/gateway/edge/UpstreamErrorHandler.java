package dev.tessera.gateway.edge;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Every error that escapes the filters becomes a problem body with the real status: an unreachable
 * upstream is 503, a slow one 504, one that broke the exchange off (closed or reset the connection) 502,
 * never a 500 with a stack trace, never a hang.
 */
@Component
@Order(-2)
final class UpstreamErrorHandler implements WebExceptionHandler {

    private static final Logger logger = LoggerFactory.getLogger(UpstreamErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        HttpStatus status = statusOf(ex);
        if (status.is5xxServerError()) {
            // The gateway is reactive (no MDC): the request id and the trace travel as key-value pairs of the event.
            TraceIds.addTo(logger.atWarn().addKeyValue("http.request.id", EdgeAttributes.requestId(exchange)), exchange)
                    .log(
                            "Request {} failed: {} ({})",
                            EdgeAttributes.requestId(exchange),
                            status.value(),
                            ex.getClass().getSimpleName());
        }
        return Problems.write(exchange, status, null);
    }

    private static HttpStatus statusOf(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof ResponseStatusException response) {
                HttpStatusCode code = response.getStatusCode();
                HttpStatus resolved = HttpStatus.resolve(code.value());
                return (resolved != null) ? resolved : HttpStatus.BAD_GATEWAY;
            }
            String name = cause.getClass().getName();
            // Connect failures first: a connect timeout means "unavailable", not "slow".
            if (cause instanceof ConnectException
                    || cause instanceof UnknownHostException
                    || name.contains("Connect")) {
                return HttpStatus.SERVICE_UNAVAILABLE;
            }
            if (cause instanceof TimeoutException || name.contains("Timeout")) {
                return HttpStatus.GATEWAY_TIMEOUT;
            }
            if (name.contains("PrematureClose")) {
                return HttpStatus.BAD_GATEWAY;
            }
        }
        // Only after the whole chain had its say: an IOException may wrap a connect failure (503) or a timeout
        // (504). Any other I/O failure while proxying is the upstream breaking the exchange off, e.g. epoll's
        // NativeIoException "Connection reset by peer" when auth-service is killed mid-request: the upstream
        // failed, not the gateway, so 502 (issue 14).
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return HttpStatus.BAD_GATEWAY;
            }
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
