package dev.tessera.forum.web;

import dev.tessera.forum.VersionConflictException;
import dev.tessera.passport.RequestIdFilter;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error the forum answers is an RFC 9457 problem with its real status. The forum's own
 * exceptions are {@link org.springframework.web.ErrorResponseException}s and the framework's
 * (404, 405, 406, 415, unreadable bodies) are handled by the base class; this class makes the
 * details generic (no parser message, no input echoed, no stack trace) and maps the rest.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    /** Every problem names the gateway's request id when there is one, to find the log lines. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        String requestId = RequestIdFilter.current();
        if (requestId != null && body instanceof ProblemDetail problem) {
            problem.setProperty("requestId", requestId);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /** Unknown fields, wrong types, duplicate keys, malformed JSON: one generic 400. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable tooLarge = NestedExceptionUtils.getMostSpecificCause(ex);
        if (tooLarge instanceof RequestSizeLimitFilter.PayloadTooLargeException payloadTooLarge) {
            // A chunked body crossed the cap while the JSON reader was consuming it.
            return handleExceptionInternal(
                    payloadTooLarge, payloadTooLarge.getBody(), headers, payloadTooLarge.getStatusCode(), request);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "The request body is not valid JSON of the expected shape (known fields only, right types)");
        problem.setTitle("Invalid input");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** A path or query value of the wrong type, e.g. an id that is not a UUID. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = (ex instanceof MethodArgumentTypeMismatchException mismatch)
                ? mismatch.getName()
                : ex.getPropertyName();
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "'" + name + "' has the wrong format");
        problem.setTitle("Invalid input");
        problem.setProperty("field", name);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Someone changed the row between our read and our write: the same answer as a stale If-Match. */
    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<Object> concurrentChange(OptimisticLockingFailureException ex, WebRequest request) {
        VersionConflictException stale = VersionConflictException.stale();
        return handleExceptionInternal(stale, stale.getBody(), new HttpHeaders(), stale.getStatusCode(), request);
    }

    /** PostgreSQL down or the pool exhausted (Hikari gives up after its connection timeout). */
    @ExceptionHandler({
        CannotCreateTransactionException.class,
        DataAccessResourceFailureException.class,
        QueryTimeoutException.class
    })
    ResponseEntity<Object> unavailable(Exception ex, WebRequest request) {
        log.warn("Database unavailable: {}", ex.getClass().getSimpleName());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, "The forum cannot reach its database; try again shortly");
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "5");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        if (isDatabaseUnavailable(ex)) {
            return unavailable(ex, request);
        }
        log.error("Unexpected error", ex);
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side");
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    /**
     * A connection that broke under a running statement surfaces as whatever the layer above made
     * of it (a JPA system exception, a failed rollback that hides the original error); what counts
     * is the cause: a connection-level SQL error (SQLSTATE class 08), a socket failure, or a
     * transaction that could not even begin, commit or roll back.
     */
    private static boolean isDatabaseUnavailable(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof org.hibernate.TransactionException
                    || cause instanceof java.net.SocketException) {
                return true;
            }
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
