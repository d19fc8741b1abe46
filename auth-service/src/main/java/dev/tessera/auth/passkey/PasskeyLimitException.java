package dev.tessera.auth.passkey;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

/** The account has {@value Passkeys#MAX_PER_ACCOUNT} passkeys already. */
class PasskeyLimitException extends ProblemException {

    PasskeyLimitException() {
        super(
                HttpStatus.CONFLICT,
                "passkey-limit-reached",
                "Too many passkeys",
                "This account has the most passkeys allowed; remove one first.");
    }
}
