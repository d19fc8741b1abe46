package dev.tessera.auth.login;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

/** Passkey options asked for at a login's second step of an account that has no passkey. */
class NoPasskeyException extends ProblemException {

    NoPasskeyException() {
        super(
                HttpStatus.CONFLICT,
                "passkey-not-registered",
                "No passkey",
                "This account has no passkey; use another of the methods listed.");
    }
}
