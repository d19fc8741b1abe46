package dev.tessera.gateway.logging;

import dev.tessera.gateway.caller.AccessToken;
import dev.tessera.gateway.edge.EdgeAttributes;
import dev.tessera.gateway.edge.EdgeFilter;
import dev.tessera.gateway.edge.MainPortWebFilter;
import dev.tessera.gateway.edge.TraceIds;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Writes one access-log line per request on the public port: method, path (never the query string,
 * where a client may have put a token), status, duration, request id, caller and client address, as
 * Elastic Common Schema fields ({@code http.request.method}, {@code url.path}, {@code
 * http.response.status_code}, {@code event.duration} in nanoseconds, {@code http.request.id}, {@code
 * user.id}, {@code client.address}), and the trace ({@code traceId}, {@code spanId}, as in the services'
 * lines); the message repeats them briefly, with the duration in ms.
 *
 * <p>The line is written when the response is committed, because only then is the status final: an
 * error escaping the filters is turned into a problem body by an exception handler after every filter
 * has finished. The duration is therefore the time to the response head (for a proxied answer: the
 * upstream's time plus the gateway's). A request whose client went away before an answer gets the line
 * anyway, without a status. Runs before the edge filter so that its own refusals (400) are logged too;
 * the request id and the caller are read from the exchange once they are decided.
 *
 * <p>The gateway is reactive, so these values travel as key-value pairs of the log event, not in the
 * MDC (which is thread-bound).
 */
final class AccessLogFilter extends MainPortWebFilter implements Ordered {

    static final int ORDER = EdgeFilter.ORDER - 1;

    /** A logger of its own, so the access log can be silenced or routed separately. */
    private static final Logger logger = LoggerFactory.getLogger("dev.tessera.gateway.access");

    /** Longer paths are cut: a path is the one part of the line a client chooses freely. */
    static final int MAX_PATH = 256;

    private final boolean enabled;

    AccessLogFilter(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected Mono<Void> filterPublic(ServerWebExchange exchange, WebFilterChain chain) {
        if (!enabled || !logger.isInfoEnabled()) {
            return chain.filter(exchange);
        }
        long start = System.nanoTime();
        AtomicBoolean written = new AtomicBoolean();
        exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> write(exchange, start, written, true)));
        return chain.filter(exchange).doOnCancel(() -> write(exchange, start, written, false));
    }

    private static void write(ServerWebExchange exchange, long start, AtomicBoolean written, boolean answered) {
        if (!written.compareAndSet(false, true)) {
            return;
        }
        long nanos = System.nanoTime() - start;
        String method = exchange.getRequest().getMethod().name();
        String path = exchange.getRequest().getPath().value();
        if (path.length() > MAX_PATH) {
            path = path.substring(0, MAX_PATH) + "...";
        }
        HttpStatusCode status = answered ? exchange.getResponse().getStatusCode() : null;
        AccessToken caller = AccessToken.of(exchange);
        LoggingEventBuilder line = logger.atInfo()
                .addKeyValue("http.request.id", EdgeAttributes.requestId(exchange))
                .addKeyValue("http.request.method", method)
                .addKeyValue("url.path", path)
                .addKeyValue("event.duration", nanos)
                .addKeyValue("client.address", EdgeAttributes.clientAddress(exchange));
        if (status != null) {
            line = line.addKeyValue("http.response.status_code", status.value());
        }
        if (caller != null) {
            line = line.addKeyValue("user.id", caller.subject());
        }
        TraceIds.addTo(line, exchange)
                .log(
                        "{} {} {} {} ms",
                        method,
                        path,
                        (status != null) ? status.value() : "-",
                        TimeUnit.NANOSECONDS.toMillis(nanos));
    }
}
