package dev.tessera.auth.throttle;

import dev.tessera.auth.web.ProblemException;
import java.time.Duration;
import org.springframework.http.HttpStatus;

/** One body for every refused registration, whether the name was free or taken. */
class TooManyRegistrationsException extends ProblemException {

    TooManyRegistrationsException(Duration retryAfter) {
        super(
                HttpStatus.TOO_MANY_REQUESTS,
                "too-many-registrations",
                "Too many registrations",
                "Too many sign-up attempts from this address. Try again later.",
                retryAfter);
    }
}
