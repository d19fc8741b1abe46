package dev.tessera.auth.throttle;

import dev.tessera.auth.web.ProblemException;
import java.time.Duration;
import org.springframework.http.HttpStatus;

/** One body for every throttled login, whether the username exists or not. */
class TooManyAttemptsException extends ProblemException {

    TooManyAttemptsException(Duration retryAfter) {
        super(
                HttpStatus.TOO_MANY_REQUESTS,
                "too-many-attempts",
                "Too many attempts",
                "Too many failed sign-in attempts. Try again later.",
                retryAfter);
    }
}
