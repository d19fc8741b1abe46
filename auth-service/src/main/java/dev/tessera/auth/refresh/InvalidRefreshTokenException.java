package dev.tessera.auth.refresh;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

/** One answer for unknown, expired, revoked and reused refresh tokens. */
class InvalidRefreshTokenException extends ProblemException {

    InvalidRefreshTokenException() {
        super(
                HttpStatus.UNAUTHORIZED,
                "invalid-refresh-token",
                "Invalid refresh token",
                "The refresh token is invalid, expired or revoked. Sign in again.");
    }
}
