package dev.tessera.boot;

import java.util.List;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Replaces Spring Boot's error handler for WebFlux errors that no controller advice saw (a web filter's refusal, a
 * functional endpoint, an error before a handler was found), whose JSON would name the request path: the problem
 * contract instead, with the real status, the request id and no path. The reactive counterpart of the servlet error
 * controller and Tomcat valve.
 */
final class ProblemWebExceptionHandler implements ErrorWebExceptionHandler, Ordered {

    /** Before Spring Boot's own handler (-1) and WebFlux's status handler (0). */
    static final int ORDER = -2;

    private final List<HttpMessageWriter<?>> writers;

    ProblemWebExceptionHandler(ServerCodecConfigurer codecs) {
        this.writers = codecs.getWriters();
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        ExceptionProblems.Answer answer;
        if (ex instanceof ProblemException problem) {
            answer = ExceptionProblems.Answer.of(problem);
        } else if (ex instanceof ErrorResponse framework) {
            answer = new ExceptionProblems.Answer(
                    ProblemBodies.generic(framework.getStatusCode()), framework.getHeaders());
        } else {
            answer = ExceptionProblems.unexpected(ex, ReactiveProblemAdvice.authenticated(exchange));
        }
        ProblemDetail body = ProblemBodies.normalize(answer.body(), exchange.getAttribute(RequestIds.ATTRIBUTE));
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(answer.headers());
        return ServerResponse.status(HttpStatusCode.valueOf(body.getStatus()))
                .headers(response -> response.addAll(headers))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .bodyValue(body)
                .flatMap(response -> response.writeTo(exchange, new ServerResponse.Context() {
                    @Override
                    public List<HttpMessageWriter<?>> messageWriters() {
                        return ProblemWebExceptionHandler.this.writers;
                    }

                    @Override
                    public List<ViewResolver> viewResolvers() {
                        return List.of();
                    }
                }));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
