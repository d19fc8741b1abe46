package dev.tessera.auth.account;

import dev.tessera.auth.web.ProblemException;
import java.time.Duration;
import org.springframework.http.HttpStatus;

/** Every password-hashing slot is taken: answer at once instead of queueing without bound. */
public class HashingBusyException extends ProblemException {

    HashingBusyException() {
        super(
                HttpStatus.SERVICE_UNAVAILABLE,
                "busy",
                "Service busy",
                "Too many sign-ins are being processed. Try again shortly.",
                Duration.ofSeconds(1));
    }
}
