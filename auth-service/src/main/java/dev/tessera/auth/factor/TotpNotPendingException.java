package dev.tessera.auth.factor;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

/** A confirmation without an enrolment to confirm (none begun, or disabled since). */
class TotpNotPendingException extends ProblemException {

    TotpNotPendingException() {
        super(
                HttpStatus.CONFLICT,
                "totp-not-pending",
                "No TOTP enrolment",
                "There is no enrolment to confirm, or it waited more than ten minutes; begin a new one.");
    }
}
