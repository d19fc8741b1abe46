package dev.tessera.auth.factor;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

/** Recovery codes renewed for an account without TOTP: they only stand in for an authenticator app. */
class TotpNotEnabledException extends ProblemException {

    TotpNotEnabledException() {
        super(
                HttpStatus.CONFLICT,
                "totp-not-enabled",
                "TOTP not enabled",
                "This account has no authenticator app enabled.");
    }
}
