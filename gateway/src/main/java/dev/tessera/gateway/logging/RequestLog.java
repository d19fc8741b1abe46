package dev.tessera.gateway.logging;

import dev.tessera.gateway.caller.AccessToken;
import dev.tessera.gateway.edge.EdgeAttributes;
import dev.tessera.gateway.edge.TraceIds;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.web.server.ServerWebExchange;

/**
 * Log lines written while handling a request, with the same {@code http.request.id}, {@code user.id},
 * {@code traceId} and {@code spanId} fields as the access log and the servlet services' lines. The gateway
 * is reactive, so these travel as key-value pairs of the event (Spring Boot's structured logging writes
 * them as fields), not in the thread-bound MDC. Arguments must be fixed texts or ids: never a token, a password or a passport.
 */
public final class RequestLog {

    private RequestLog() {}

    public static void warn(Logger logger, ServerWebExchange exchange, String format, Object... arguments) {
        log(logger, Level.WARN, exchange, format, arguments);
    }

    public static void debug(Logger logger, ServerWebExchange exchange, String format, Object... arguments) {
        log(logger, Level.DEBUG, exchange, format, arguments);
    }

    private static void log(
            Logger logger, Level level, ServerWebExchange exchange, String format, Object... arguments) {
        if (!logger.isEnabledForLevel(level)) {
            return;
        }
        LoggingEventBuilder line = logger.atLevel(level);
        String requestId = EdgeAttributes.requestId(exchange);
        if (requestId != null) {
            line = line.addKeyValue("http.request.id", requestId);
        }
        AccessToken caller = AccessToken.of(exchange);
        if (caller != null) {
            line = line.addKeyValue("user.id", caller.subject());
        }
        TraceIds.addTo(line, exchange).log(format, arguments);
    }
}
