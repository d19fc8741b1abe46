package dev.tessera.notify.notification;

import dev.tessera.boot.ProblemException;
import org.springframework.http.HttpStatus;

/** No such notification of the caller's: the same answer whether it does not exist or is someone else's. */
final class NotificationNotFoundException extends ProblemException {

    private static final long serialVersionUID = 1L;

    NotificationNotFoundException() {
        super(HttpStatus.NOT_FOUND, "not-found", "Not found", "No such notification.");
    }
}
