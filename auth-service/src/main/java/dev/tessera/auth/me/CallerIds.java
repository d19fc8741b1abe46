package dev.tessera.auth.me;

import dev.tessera.auth.web.ProblemException;
import dev.tessera.passport.Passport;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/** The caller's account id from a verified passport; anything but a UUID is refused. */
final class CallerIds {

    private CallerIds() {}

    static UUID of(Passport caller) {
        try {
            return UUID.fromString(caller.userId());
        } catch (IllegalArgumentException | NullPointerException ex) {
            throw new InactiveCallerException();
        }
    }

    /** The passport is valid but its account is gone or disabled (its access token outlived it). */
    static final class InactiveCallerException extends ProblemException {

        InactiveCallerException() {
            super(
                    HttpStatus.UNAUTHORIZED,
                    "inactive-account",
                    "Account not active",
                    "The signed-in account no longer exists or is disabled.");
        }
    }
}
