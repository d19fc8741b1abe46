package dev.tessera.auth.passkey;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

/** No passkey with that id belongs to the caller: unknown ids and other accounts' ids alike. */
class PasskeyNotFoundException extends ProblemException {

    PasskeyNotFoundException() {
        super(HttpStatus.NOT_FOUND, "passkey-not-found", "Passkey not found", "There is no such passkey.");
    }
}
