package dev.tessera.auth.web;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * An error the client is meant to see, rendered as RFC 9457 problem details by {@code ProblemAdvice}.
 * The title and detail are written for clients and must never carry internal state, a password or a
 * token.
 */
public abstract class ProblemException extends RuntimeException {

    private final HttpStatus status;

    private final String slug;

    private final String title;

    private final String detail;

    private final Duration retryAfter;

    protected ProblemException(HttpStatus status, String slug, String title, String detail) {
        this(status, slug, title, detail, null);
    }

    protected ProblemException(HttpStatus status, String slug, String title, String detail, Duration retryAfter) {
        super(title, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.detail = detail;
        this.retryAfter = retryAfter;
    }

    public HttpStatus status() {
        return this.status;
    }

    /** The last segment of the problem type URI, e.g. {@code login-failed}. */
    public String slug() {
        return this.slug;
    }

    public String title() {
        return this.title;
    }

    public String detail() {
        return this.detail;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(this.retryAfter);
    }

    /** Extension members of the problem body (RFC 9457 section 3.2); none by default. */
    public Map<String, Object> properties() {
        return Map.of();
    }
}
