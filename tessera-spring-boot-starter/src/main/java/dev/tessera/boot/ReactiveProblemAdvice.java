package dev.tessera.boot;

import dev.tessera.passport.Passport;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * The WebFlux twin of {@link ServletProblemAdvice}: {@link ProblemException}s as they are, framework errors with
 * their status and the contract's fixed text, everything else a logged, generic 500. Ordered last, so a service's own
 * advice is asked first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ReactiveProblemAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler(Exception.class)
    Mono<ResponseEntity<Object>> handleUnexpected(Exception ex, ServerWebExchange exchange) {
        ExceptionProblems.Answer answer = ExceptionProblems.unexpected(ex, authenticated(exchange));
        return createResponseEntity(
                answer.body(),
                answer.headers(),
                HttpStatusCode.valueOf(answer.body().getStatus()),
                exchange);
    }

    static boolean authenticated(ServerWebExchange exchange) {
        return exchange.getAttribute(Callers.ATTRIBUTE) instanceof Passport caller && caller.isAuthenticated();
    }

    /** Unreadable bodies and values of the wrong type both arrive as input errors; their cause tells them apart. */
    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(
            ServerWebInputException ex, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        ProblemDetail problem;
        TypeMismatchException mismatch = ExceptionProblems.cause(ex, TypeMismatchException.class);
        if (mismatch != null) {
            problem = ExceptionProblems.wrongFormat(
                    (ex.getMethodParameter() != null)
                            ? ex.getMethodParameter().getParameterName()
                            : mismatch.getPropertyName());
        } else if (ex.getCause() != null) {
            problem = ExceptionProblems.unreadableBody(ex);
        } else {
            problem = ProblemBodies.generic(status);
        }
        return createResponseEntity(problem, headers, HttpStatusCode.valueOf(problem.getStatus()), exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(
            WebExchangeBindException ex, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        return createResponseEntity(
                ExceptionProblems.invalidFields(ex.getBindingResult().getFieldErrors()), headers, status, exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(
            Exception ex,
            @Nullable Object body,
            @Nullable HttpHeaders headers,
            HttpStatusCode status,
            ServerWebExchange exchange) {
        if (status.is5xxServerError() && !(ex instanceof ProblemException)) {
            logger.error("Framework error", ex);
        }
        ProblemDetail problem =
                (ex instanceof ProblemException own) ? own.completeBody() : ProblemBodies.generic(status);
        return super.handleExceptionInternal(ex, problem, headers, status, exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> createResponseEntity(
            @Nullable Object body, @Nullable HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        if (body instanceof ProblemDetail problem) {
            ProblemBodies.normalize(problem, exchange.getAttribute(RequestIds.ATTRIBUTE));
        }
        return Mono.just(new ResponseEntity<>(body, ProblemBodies.headers(headers), status));
    }
}
