package dev.tessera.auth.recovery;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

/** A link past its lifetime: nothing changed; the page can offer to send a new one. */
class ExpiredLinkException extends ProblemException {

    ExpiredLinkException() {
        super(HttpStatus.GONE, "expired-link", "Link expired", "This link has expired. Ask for a new one.");
    }
}
