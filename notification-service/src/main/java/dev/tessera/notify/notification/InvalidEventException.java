package dev.tessera.notify.notification;

import dev.tessera.boot.ProblemException;
import org.springframework.http.HttpStatus;

/** A reply event that cannot be stored as sent (400; nothing stored). */
final class InvalidEventException extends ProblemException {

    private static final long serialVersionUID = 1L;

    InvalidEventException(String detail) {
        super(HttpStatus.BAD_REQUEST, "invalid-event", "Invalid event", detail);
    }
}
