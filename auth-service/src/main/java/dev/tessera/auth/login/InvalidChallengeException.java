package dev.tessera.auth.login;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

/**
 * A second step with a challenge that is unknown, used, expired or void after too many wrong codes: one answer for
 * all of them, and the client starts again with the password.
 */
class InvalidChallengeException extends ProblemException {

    InvalidChallengeException() {
        super(
                HttpStatus.UNAUTHORIZED,
                "login-challenge-invalid",
                "Login challenge invalid",
                "The login challenge is unknown, used or expired; log in again with the password.");
    }
}
