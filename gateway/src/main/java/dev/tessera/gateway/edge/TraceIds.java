package dev.tessera.gateway.edge;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * The trace of a request in the gateway's log lines: {@code traceId} and {@code spanId} of the exchange's server
 * span, the names the services' lines have them under (Micrometer Tracing puts them into their MDC). Read from the
 * exchange, not the MDC: the gateway is reactive, and its lines are written on whatever thread an answer is on.
 */
public final class TraceIds {

    private TraceIds() {}

    /**
     * Adds the exchange's trace and span id, when the request is traced, to a log event.
     *
     * @param line the event being built
     * @param exchange the request's exchange
     * @return the event, with {@code traceId} and {@code spanId} if the request has a span
     */
    public static LoggingEventBuilder addTo(LoggingEventBuilder line, ServerWebExchange exchange) {
        TraceContext trace = ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(context -> context.<TracingObservationHandler.TracingContext>get(
                        TracingObservationHandler.TracingContext.class))
                .map(TracingObservationHandler.TracingContext::getSpan)
                .map(Span::context)
                .orElse(null);
        if (trace == null) {
            return line;
        }
        return line.addKeyValue("traceId", trace.traceId()).addKeyValue("spanId", trace.spanId());
    }
}
