package dev.tessera.boot;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reactive twin of {@link RequestBodyLimitFilter}: a declared {@code Content-Length} over the limit is a 413
 * problem at once (and the connection closes), a chunked body fails with the same problem as soon as the bytes read
 * cross the limit. Hand-written because WebFlux's {@code spring.codec.max-in-memory-size} answers 400, only for
 * bodies that are buffered, and only after reading the limit.
 */
final class RequestBodyLimitWebFilter implements WebFilter, Ordered {

    private final long maxBytes;

    RequestBodyLimitWebFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getHeaders().getContentLength() > this.maxBytes) {
            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
            return Mono.error(new ContentTooLargeException.Problem());
        }
        long limit = this.maxBytes;
        ServerHttpRequest limited = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong read = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (read.addAndGet(buffer.readableByteCount()) > limit) {
                        org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
                        sink.error(new ContentTooLargeException.Problem());
                    } else {
                        sink.next(buffer);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(limited).build());
    }

    @Override
    public int getOrder() {
        return RequestBodyLimitAutoConfiguration.FILTER_ORDER;
    }
}
