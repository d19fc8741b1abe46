package dev.tessera.auth.passkey;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

/** A registration response that does not verify (origin, RP ID, challenge, user verification, signature, format); the reason is audited, never told. */
class PasskeyRejectedException extends ProblemException {

    PasskeyRejectedException() {
        super(
                HttpStatus.BAD_REQUEST,
                "passkey-rejected",
                "Passkey rejected",
                "The passkey response could not be verified; ask for new options and try again.");
    }
}
