package dev.tessera.auth.web;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place where errors become RFC 9457 problem details. Framework errors (404, 405, 415,
 * unreadable bodies, validation) keep their status but get a fixed, generic text: nothing from an
 * exception message, a stack trace or the request body ever reaches the client.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    /** Field names are echoed only when they look like one of ours. */
    private static final Pattern FIELD_NAME = Pattern.compile("[a-z_]{1,32}");

    private static final Duration DATABASE_RETRY_AFTER = Duration.ofSeconds(5);

    private static final Map<Integer, String> GENERIC_DETAIL = Map.of(
            400, "The request is not valid for this endpoint.",
            404, "There is no such resource.",
            405, "This method is not supported on this resource.",
            406, "This resource can only answer with JSON.",
            413, "The request body is too large.",
            415, "Send the body as application/json.");

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> handleProblem(ProblemException ex) {
        ProblemDetail problem = Problems.of(ex.status(), ex.slug(), ex.title(), ex.detail());
        ex.properties().forEach(problem::setProperty);
        return Problems.response(problem, ex.retryAfter().orElse(null));
    }

    /** PostgreSQL gone or the pool exhausted: a quick 503 (Hikari gives up after ~3 s), never a 500. */
    @ExceptionHandler({
        CannotCreateTransactionException.class,
        DataAccessResourceFailureException.class,
        QueryTimeoutException.class,
        TransientDataAccessException.class
    })
    ResponseEntity<ProblemDetail> handleDatabaseUnavailable(Exception ex) {
        log.warn("Database unavailable: {}", ex.getClass().getName());
        return Problems.response(
                Problems.of(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "unavailable",
                        "Service unavailable",
                        "The service is temporarily unavailable. Try again later."),
                DATABASE_RETRY_AFTER);
    }

    /**
     * A connection that died under a transaction (PostgreSQL restarted, the backend terminated)
     * surfaces as an uncategorized error, often from the rollback; it is an outage, not a bug: 503.
     */
    @ExceptionHandler({
        org.springframework.dao.DataAccessException.class,
        org.springframework.transaction.TransactionException.class
    })
    ResponseEntity<ProblemDetail> handleDataAccess(Exception ex) {
        if (lostConnection(ex)) {
            return handleDatabaseUnavailable(ex);
        }
        return handleUnexpected(ex);
    }

    /**
     * Whether the cause chain holds a JDBC connection failure: SQLState class 08 or 57P01-03, or a
     * failed rollback. A rollback fails only on a broken connection, and when it does Spring throws
     * the rollback's error instead of the statement's (which carried the SQLState).
     */
    static boolean lostConnection(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.hibernate.TransactionException
                    && String.valueOf(cause.getMessage()).startsWith("Unable to rollback")) {
                return true;
            }
            if (cause instanceof java.sql.SQLTransientConnectionException
                    || cause instanceof java.sql.SQLRecoverableException
                    || cause instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** Method validation outside Spring MVC's own (e.g. a validated service): still the client's fault. */
    @ExceptionHandler(jakarta.validation.ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> handleConstraintViolation(jakarta.validation.ConstraintViolationException ex) {
        return Problems.response(
                Problems.of(
                        HttpStatus.BAD_REQUEST,
                        "invalid-request",
                        "Invalid request",
                        "One or more parameters are missing or invalid."),
                null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception ex) {
        log.error("Unexpected error", ex);
        return Problems.response(
                Problems.of(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal",
                        "Internal error",
                        "The request could not be processed."),
                null);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (causedBy(ex, BodyTooLargeException.class)) {
            return generic(HttpStatus.CONTENT_TOO_LARGE, headers);
        }
        ProblemDetail problem =
                Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", readableReason(ex));
        return toObject(problem, headers);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .sorted(Comparator.comparing(FieldError::getField))
                .map(error -> Map.of(
                        "field", error.getField(),
                        "reason", String.valueOf(error.getDefaultMessage())))
                .toList();
        ProblemDetail problem = Problems.of(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                "Invalid request",
                "One or more fields are missing or invalid.");
        problem.setProperty("errors", errors);
        return toObject(problem, headers);
    }

    /** Every other framework error: the real status, a generic text. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (status.is5xxServerError()) {
            log.error("Framework error", ex);
        }
        return generic(status, headers);
    }

    private ResponseEntity<Object> generic(HttpStatusCode status, HttpHeaders headers) {
        HttpStatus known = HttpStatus.resolve(status.value());
        String title = (known != null) ? known.getReasonPhrase() : "Error";
        String detail = GENERIC_DETAIL.getOrDefault(status.value(), "The request could not be processed.");
        ProblemDetail problem = Problems.of(status, slugOf(title), title, detail);
        return toObject(problem, headers);
    }

    private static ResponseEntity<Object> toObject(ProblemDetail problem, HttpHeaders extra) {
        ResponseEntity<ProblemDetail> response = Problems.response(problem, null);
        HttpHeaders headers = new HttpHeaders();
        if (extra != null) {
            headers.addAll(extra);
        }
        headers.addAll(response.getHeaders());
        headers.setContentType(response.getHeaders().getContentType());
        return new ResponseEntity<>(problem, headers, response.getStatusCode());
    }

    private static String readableReason(HttpMessageNotReadableException ex) {
        if (causedBy(ex, StreamConstraintsException.class)) {
            return "The JSON document exceeds a size or nesting limit.";
        }
        if (causedBy(ex, UnrecognizedPropertyException.class)) {
            return "The JSON document has a field this endpoint does not accept.";
        }
        MismatchedInputException mismatch = cause(ex, MismatchedInputException.class);
        if (mismatch != null) {
            String field = lastField(mismatch);
            return (field != null)
                    ? "Field '" + field + "' is missing or has the wrong type."
                    : "The JSON document does not have the expected shape.";
        }
        if (causedBy(ex, StreamReadException.class)) {
            return "The body is not well-formed UTF-8 JSON (or repeats a field).";
        }
        return "The body is missing or is not well-formed JSON.";
    }

    private static String lastField(DatabindException ex) {
        var path = ex.getPath();
        if (path == null || path.isEmpty()) {
            return null;
        }
        String name = path.get(path.size() - 1).getPropertyName();
        return (name != null && FIELD_NAME.matcher(name).matches()) ? name : null;
    }

    private static String slugOf(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        return cause(ex, type) != null;
    }

    private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
        for (Throwable current = ex; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return null;
    }
}
