package dev.tessera.auth.throttle;

import dev.tessera.auth.web.ProblemException;
import java.time.Duration;
import org.springframework.http.HttpStatus;

/** One body for every refused recovery message, whether the address belongs to an account or not. */
class TooManyMailsException extends ProblemException {

    TooManyMailsException(Duration retryAfter) {
        super(
                HttpStatus.TOO_MANY_REQUESTS,
                "too-many-mails",
                "Too many messages",
                "Too many messages were asked for this address. Try again later.",
                retryAfter);
    }
}
