package dev.tessera.auth.login;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

/**
 * The one answer for a password-less login that fails: an unknown, used or expired ceremony, an unknown credential,
 * a response that does not verify (origin, RP ID, signature, user verification, counter) or a disabled account.
 * What it was is audited, never told.
 */
class PasskeyLoginFailedException extends ProblemException {

    PasskeyLoginFailedException() {
        super(
                HttpStatus.UNAUTHORIZED,
                "passkey-login-failed",
                "Passkey login failed",
                "The passkey could not be verified; ask for new options and try again.");
    }
}
