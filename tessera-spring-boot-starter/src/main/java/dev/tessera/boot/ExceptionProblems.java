package dev.tessera.boot;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.ClassUtils;
import org.springframework.validation.FieldError;

/**
 * What the kit answers for exceptions that are not problems themselves, in both stacks: unreadable bodies, invalid
 * fields, a value of the wrong format, refusals by Spring Security, an unreachable database, and everything else
 * (a generic 500, logged with its stack trace, never shown). Optional libraries are looked at only when present.
 */
final class ExceptionProblems {

    private static final Logger log = LoggerFactory.getLogger(ExceptionProblems.class);

    /** Field names are echoed only when they look like a name the service defined, not input. */
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]{0,63}");

    /** How long a client should wait before retrying when the database is unreachable. */
    static final Duration DATABASE_RETRY_AFTER = Duration.ofSeconds(5);

    private static final ClassLoader LOADER = ExceptionProblems.class.getClassLoader();

    private static final boolean SECURITY =
            ClassUtils.isPresent("org.springframework.security.access.AccessDeniedException", LOADER);

    private static final boolean TRANSACTIONS =
            ClassUtils.isPresent("org.springframework.transaction.CannotCreateTransactionException", LOADER);

    private static final boolean VALIDATION =
            ClassUtils.isPresent("jakarta.validation.ConstraintViolationException", LOADER);

    private ExceptionProblems() {}

    /** A problem body and the headers that go with it. */
    record Answer(ProblemDetail body, HttpHeaders headers) {

        static Answer of(ProblemException problem) {
            return new Answer(problem.completeBody(), problem.getHeaders());
        }

        static Answer of(ProblemDetail body) {
            return new Answer(body, new HttpHeaders());
        }
    }

    /**
     * The answer for an exception that reached the catch-all: {@code authenticated} says whether the request's
     * caller is signed in (a refusal by Spring Security is 403 then, else 401).
     */
    static Answer unexpected(Throwable ex, boolean authenticated) {
        if (ex instanceof ProblemException problem) {
            return Answer.of(problem);
        }
        if (cause(ex, ContentTooLargeException.class) != null) {
            return Answer.of(new ContentTooLargeException.Problem());
        }
        if (SECURITY) {
            ProblemException refusal = SecurityRefusals.of(ex, authenticated);
            if (refusal != null) {
                return Answer.of(refusal);
            }
        }
        if (databaseUnavailable(ex)) {
            log.warn("Database unavailable: {}", ex.getClass().getName());
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(ProblemBodies.retryAfterSeconds(DATABASE_RETRY_AFTER)));
            return new Answer(ProblemBodies.generic(HttpStatus.SERVICE_UNAVAILABLE), headers);
        }
        if (VALIDATION && ex instanceof jakarta.validation.ConstraintViolationException) {
            // Method validation outside Spring MVC's own (a validated service bean): still the client's fault.
            return Answer.of(ProblemBodies.of(
                    HttpStatus.BAD_REQUEST,
                    "invalid-request",
                    "Invalid request",
                    "One or more parameters are missing or invalid."));
        }
        log.error("Unexpected error", ex);
        return Answer.of(ProblemBodies.generic(HttpStatus.INTERNAL_SERVER_ERROR));
    }

    /**
     * The answer for a body that could not be read: 413 when it was over the limit, otherwise a 400 that says what
     * kind of mistake it was without quoting the parser or the input.
     */
    static ProblemDetail unreadableBody(Throwable ex) {
        if (cause(ex, ContentTooLargeException.class) != null
                || cause(ex, ContentTooLargeException.Problem.class) != null) {
            return new ContentTooLargeException.Problem().completeBody();
        }
        return ProblemBodies.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", reason(ex));
    }

    private static String reason(Throwable ex) {
        if (cause(ex, tools.jackson.core.exc.StreamConstraintsException.class) != null) {
            return "The JSON document exceeds a size or nesting limit.";
        }
        if (cause(ex, tools.jackson.databind.exc.UnrecognizedPropertyException.class) != null) {
            return "The JSON document has a field this endpoint does not accept.";
        }
        tools.jackson.databind.exc.MismatchedInputException mismatch =
                cause(ex, tools.jackson.databind.exc.MismatchedInputException.class);
        if (mismatch != null) {
            String field = lastField(mismatch);
            return (field != null)
                    ? "Field '" + field + "' is missing or has the wrong type."
                    : "The JSON document does not have the expected shape.";
        }
        if (cause(ex, tools.jackson.core.exc.StreamReadException.class) != null) {
            return "The body is not well-formed UTF-8 JSON (or repeats a field).";
        }
        return "The body is missing or is not well-formed JSON.";
    }

    private static @Nullable String lastField(tools.jackson.databind.DatabindException ex) {
        var path = ex.getPath();
        if (path == null || path.isEmpty()) {
            return null;
        }
        return safeField(path.get(path.size() - 1).getPropertyName());
    }

    /** 400 naming each invalid field and the rule it breaks (the validation annotation's message). */
    static ProblemDetail invalidFields(List<FieldError> fieldErrors) {
        List<Map<String, String>> errors = fieldErrors.stream()
                .sorted(Comparator.comparing(FieldError::getField))
                .map(error -> Map.of("field", error.getField(), "reason", String.valueOf(error.getDefaultMessage())))
                .toList();
        ProblemDetail problem = ProblemBodies.of(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                "Invalid request",
                "One or more fields are missing or invalid.");
        problem.setProperty("errors", errors);
        return problem;
    }

    /** 400 for a path or query value of the wrong type, e.g. an id that is not a UUID; the value is not quoted. */
    static ProblemDetail wrongFormat(@Nullable String name) {
        String field = safeField(name);
        if (field == null) {
            return ProblemBodies.generic(HttpStatus.BAD_REQUEST);
        }
        ProblemDetail problem = ProblemBodies.of(
                HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", "'" + field + "' has the wrong format");
        problem.setProperty("errors", List.of(Map.of("field", field, "reason", "has the wrong format")));
        return problem;
    }

    private static @Nullable String safeField(@Nullable String name) {
        return (name != null && FIELD_NAME.matcher(name).matches()) ? name : null;
    }

    /**
     * Whether the cause chain shows the database gone or its pool exhausted, rather than a bug: Spring's resource
     * and transient data access errors (but not an optimistic locking conflict, which is the service's to answer), a
     * JDBC connection failure (SQLState class 08, 57P01-03), a broken socket, or a failed rollback (a rollback fails
     * only on a broken connection, and then Spring throws its error instead of the statement's).
     */
    static boolean databaseUnavailable(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (TRANSACTIONS && SpringDataAccess.unavailable(cause)) {
                return true;
            }
            if (cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof java.net.SocketException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
            // Hibernate is not a dependency of the kit: its failed rollback is recognised by name.
            if (isA(cause, "org.hibernate.TransactionException")
                    && String.valueOf(cause.getMessage()).startsWith("Unable to rollback")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static boolean isA(Throwable ex, String className) {
        for (Class<?> type = ex.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
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

    /** Loaded only when Spring Security is on the classpath. */
    private static final class SecurityRefusals {

        static @Nullable ProblemException of(Throwable ex, boolean authenticated) {
            if (ex instanceof org.springframework.security.access.AccessDeniedException) {
                return authenticated
                        ? new CallerProblems.ForbiddenException()
                        : new CallerProblems.AuthenticationRequiredException();
            }
            if (ex instanceof org.springframework.security.core.AuthenticationException) {
                return new CallerProblems.AuthenticationRequiredException();
            }
            return null;
        }
    }

    /** Loaded only when spring-tx is on the classpath. */
    private static final class SpringDataAccess {

        static boolean unavailable(Throwable ex) {
            return ex instanceof org.springframework.transaction.CannotCreateTransactionException
                    || ex instanceof org.springframework.dao.DataAccessResourceFailureException
                    || ex instanceof org.springframework.dao.QueryTimeoutException
                    || (ex instanceof org.springframework.dao.TransientDataAccessException
                            && !(ex instanceof org.springframework.dao.OptimisticLockingFailureException));
        }
    }
}
