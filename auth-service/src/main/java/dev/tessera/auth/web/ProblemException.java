package dev.tessera.auth.web;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/**
 * auth-service's name for the kit's {@link dev.tessera.boot.ProblemException}: an error the client is meant to
 * see, rendered in Tessera's one problem contract by {@code tessera-spring-boot-starter}. It stays so that the
 * features' exceptions keep their import; the title and detail must never carry internal state, a password or a
 * token.
 */
public abstract class ProblemException extends dev.tessera.boot.ProblemException {

    private static final long serialVersionUID = 1L;

    protected ProblemException(HttpStatus status, String slug, String title, String detail) {
        super(status, slug, title, detail);
    }

    protected ProblemException(HttpStatus status, String slug, String title, String detail, Duration retryAfter) {
        super(status, slug, title, detail, retryAfter);
    }
}
