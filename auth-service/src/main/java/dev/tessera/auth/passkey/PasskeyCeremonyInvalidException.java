package dev.tessera.auth.passkey;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

/** A registration answer whose ceremony is unknown, used, expired or another account's: one answer for all. */
class PasskeyCeremonyInvalidException extends ProblemException {

    PasskeyCeremonyInvalidException() {
        super(
                HttpStatus.BAD_REQUEST,
                "passkey-ceremony-invalid",
                "Passkey ceremony invalid",
                "The passkey ceremony is unknown, used or expired; ask for new options.");
    }
}
