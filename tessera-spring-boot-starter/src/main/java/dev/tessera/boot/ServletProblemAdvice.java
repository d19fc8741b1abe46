package dev.tessera.boot;

import dev.tessera.passport.Passport;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where errors of a Spring MVC service become problems. {@link ProblemException}s (the service's own)
 * are rendered as they are; framework errors keep their status (404, 405 with {@code Allow}, 406, 415, ...) but get
 * the contract's fixed text; nothing from an exception message, a stack trace or the request reaches the client.
 * Ordered last, so a service's own advice for its own exceptions is asked first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ServletProblemAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, NativeWebRequest request) {
        HttpServletRequest servlet = request.getNativeRequest(HttpServletRequest.class);
        boolean authenticated = servlet != null
                && servlet.getAttribute(Callers.ATTRIBUTE) instanceof Passport caller
                && caller.isAuthenticated();
        ExceptionProblems.Answer answer = ExceptionProblems.unexpected(ex, authenticated);
        return createResponseEntity(
                answer.body(),
                answer.headers(),
                HttpStatusCode.valueOf(answer.body().getStatus()),
                request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ExceptionProblems.unreadableBody(ex);
        return createResponseEntity(problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return createResponseEntity(
                ExceptionProblems.invalidFields(ex.getBindingResult().getFieldErrors()), headers, status, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = (ex instanceof MethodArgumentTypeMismatchException mismatch)
                ? mismatch.getName()
                : ex.getPropertyName();
        return createResponseEntity(ExceptionProblems.wrongFormat(name), headers, status, request);
    }

    /** Every other framework error: the real status, the contract's text; a service's problem as it is. */
    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(
            Exception ex, @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (status.is5xxServerError() && !(ex instanceof ProblemException)) {
            logger.error("Framework error", ex);
        }
        ProblemDetail problem =
                (ex instanceof ProblemException own) ? own.completeBody() : ProblemBodies.generic(status);
        return super.handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        HttpServletRequest servlet = (request instanceof NativeWebRequest nativeRequest)
                ? nativeRequest.getNativeRequest(HttpServletRequest.class)
                : null;
        if (body instanceof ProblemDetail problem) {
            ProblemBodies.normalize(problem, ServletProblems.requestId(servlet));
        }
        return new ResponseEntity<>(body, ProblemBodies.headers(headers), status);
    }
}
