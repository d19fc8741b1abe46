package dev.tessera.auth.passkey;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

/** The credential id is registered already (to this account or, should an authenticator ever repeat one, another). */
class PasskeyAlreadyRegisteredException extends ProblemException {

    PasskeyAlreadyRegisteredException() {
        super(
                HttpStatus.CONFLICT,
                "passkey-already-registered",
                "Passkey already registered",
                "This passkey is registered already.");
    }
}
