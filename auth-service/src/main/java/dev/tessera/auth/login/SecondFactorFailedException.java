package dev.tessera.auth.login;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

/** A wrong, already used or replayed code at a login's second step; the challenge stays live until its limit. */
class SecondFactorFailedException extends ProblemException {

    SecondFactorFailedException() {
        super(HttpStatus.UNAUTHORIZED, "second-factor-failed", "Second factor failed", "The code is incorrect.");
    }
}
