package dev.tessera.boot;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An error the client is meant to see, in Tessera's one problem contract: RFC 9457 {@code application/problem+json}
 * with the real status, {@code type} = {@value #TYPE_PREFIX} + a slug, a title and a detail written for the client,
 * the {@code requestId} of the request, never an {@code instance} (the request path is not echoed) and never a stack
 * trace. Services extend it for their domain errors (small exceptions named for what happened, with static
 * factories); the kit renders every one the same way in Spring MVC and WebFlux.
 *
 * <pre>{@code
 * class UsernameTakenException extends ProblemException {
 *     UsernameTakenException() {
 *         super(HttpStatus.CONFLICT, "username-taken", "Username taken", "This username is not available.");
 *     }
 * }
 * }</pre>
 *
 * <p>The title and detail must never carry internal state, a password, a token or input the client sent (other
 * than a field name the service defined). Extension members go in {@link #properties()}.
 *
 * <p>It is a Spring {@link ErrorResponseException}, so Spring's own machinery renders it too; no stack trace is
 * captured (these are expected outcomes, thrown on hot paths such as failed logins).
 */
public abstract class ProblemException extends ErrorResponseException {

    private static final long serialVersionUID = 1L;

    /** The prefix of every Tessera problem type URI; a slug such as {@code login-failed} follows it. */
    public static final String TYPE_PREFIX = "urn:tessera:problem:";

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final HttpStatus status;

    private final String slug;

    private final String title;

    private final String detail;

    private final @Nullable Duration retryAfter;

    /**
     * A problem without {@code Retry-After}.
     *
     * @param status the HTTP status
     * @param slug the last segment of the type URI: lower-case words joined by {@code -}, e.g. {@code login-failed}
     * @param title a short, fixed summary of the problem type
     * @param detail the explanation for the client
     */
    protected ProblemException(HttpStatus status, String slug, String title, String detail) {
        this(status, slug, title, detail, null);
    }

    /**
     * A problem, with {@code Retry-After} when {@code retryAfter} is given (429, 503).
     *
     * @param status the HTTP status
     * @param slug the last segment of the type URI: lower-case words joined by {@code -}, e.g. {@code login-failed}
     * @param title a short, fixed summary of the problem type
     * @param detail the explanation for the client
     * @param retryAfter when the client may try again, rounded up to whole seconds (at least 1), or {@code null}
     */
    protected ProblemException(
            HttpStatus status, String slug, String title, String detail, @Nullable Duration retryAfter) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
        if (!SLUG.matcher(Objects.requireNonNull(slug, "slug")).matches()) {
            throw new IllegalArgumentException("A problem slug is lower-case words joined by '-': " + slug);
        }
        this.status = status;
        this.slug = slug;
        this.title = Objects.requireNonNull(title, "title");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.retryAfter = retryAfter;
        super.getBody().setType(URI.create(TYPE_PREFIX + slug));
        super.getBody().setTitle(title);
        if (retryAfter != null) {
            getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(ProblemBodies.retryAfterSeconds(retryAfter)));
        }
    }

    /**
     * The HTTP status.
     *
     * @return the status
     */
    public HttpStatus status() {
        return this.status;
    }

    /**
     * The last segment of the problem type URI.
     *
     * @return the slug, e.g. {@code login-failed}
     */
    public String slug() {
        return this.slug;
    }

    /**
     * The problem title.
     *
     * @return the title
     */
    public String title() {
        return this.title;
    }

    /**
     * The problem detail, written for the client.
     *
     * @return the detail
     */
    public String detail() {
        return this.detail;
    }

    /**
     * When the client may try again.
     *
     * @return the delay sent as {@code Retry-After}, if any
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(this.retryAfter);
    }

    /**
     * Extension members of the problem body (RFC 9457 section 3.2); none by default. Read when the problem is
     * rendered, so a subclass may compute them from its own fields.
     *
     * @return the members, never {@code null}
     */
    public Map<String, Object> properties() {
        return Map.of();
    }

    /** The body, with {@link #properties()} added. */
    @Override
    public ProblemDetail updateAndGetBody(@Nullable MessageSource messageSource, Locale locale) {
        return completeBody();
    }

    /** The body with {@link #properties()} added: what the kit renders. */
    final ProblemDetail completeBody() {
        ProblemDetail body = getBody();
        properties().forEach(body::setProperty);
        return body;
    }

    /** The title: what a log line may say about this problem. */
    @Override
    public String getMessage() {
        return this.title;
    }

    /** No stack trace: a problem is an expected outcome, not a bug, and some are thrown on every failed login. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
