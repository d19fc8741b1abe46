package dev.tessera.auth.factor;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

/** Enrolment begun or confirmed while TOTP is enabled: one authenticator per account, replaced by disabling first. */
class TotpAlreadyEnabledException extends ProblemException {

    TotpAlreadyEnabledException() {
        super(
                HttpStatus.CONFLICT,
                "totp-already-enabled",
                "TOTP already enabled",
                "This account already has an authenticator app; disable it before enrolling another.");
    }
}
