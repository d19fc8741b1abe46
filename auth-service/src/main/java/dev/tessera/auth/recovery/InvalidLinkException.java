package dev.tessera.auth.recovery;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

/** An unknown, malformed or already used link: one body for each, nothing changed. */
class InvalidLinkException extends ProblemException {

    InvalidLinkException() {
        super(
                HttpStatus.BAD_REQUEST,
                "invalid-link",
                "Invalid link",
                "This link is not valid or was already used. Ask for a new one.");
    }
}
