package dev.tessera.notify.notification;

import dev.tessera.boot.ProblemException;
import org.springframework.http.HttpStatus;

/** A {@code before} cursor that this service did not hand out (400). */
final class InvalidCursorException extends ProblemException {

    private static final long serialVersionUID = 1L;

    InvalidCursorException() {
        super(HttpStatus.BAD_REQUEST, "invalid-cursor", "Invalid cursor", "The cursor is not one this service issued.");
    }
}
