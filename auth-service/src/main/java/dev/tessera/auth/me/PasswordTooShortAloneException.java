package dev.tessera.auth.me;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

/**
 * The last second factor asked to go while the password is shorter than a single-factor password must be (NIST SP
 * 800-63B-4: 15 characters alone, 8 beside a second factor): the account would be left with a password too short
 * to stand alone. Change the password first.
 */
class PasswordTooShortAloneException extends ProblemException {

    private static final long serialVersionUID = 1L;

    PasswordTooShortAloneException(int minLength) {
        super(
                HttpStatus.CONFLICT,
                "password-too-short-alone",
                "Password too short to be the only factor",
                "Your password is shorter than the " + minLength
                        + " characters a password needs on its own; change it before removing your last second factor.");
    }
}
