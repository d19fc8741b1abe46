package dev.tessera.boot;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** The kit's own refusals of a caller, in the problem contract. */
final class CallerProblems {

    private CallerProblems() {}

    /** No valid passport: only the gateway's requests are served (401, before any handler). */
    static final class PassportRefusedException extends ProblemException {

        private static final long serialVersionUID = 1L;

        PassportRefusedException() {
            super(
                    HttpStatus.UNAUTHORIZED,
                    "unauthorized",
                    "Unauthorized",
                    "This service accepts only requests routed by the gateway.");
        }
    }

    /** An anonymous caller where a signed-in one is required (401; the client authenticates at the gateway). */
    static final class AuthenticationRequiredException extends ProblemException {

        private static final long serialVersionUID = 1L;

        AuthenticationRequiredException() {
            super(
                    HttpStatus.UNAUTHORIZED,
                    "authentication-required",
                    "Authentication required",
                    "Authentication is required.");
            getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
    }

    /** A signed-in caller without a required role (403). */
    static final class ForbiddenException extends ProblemException {

        private static final long serialVersionUID = 1L;

        ForbiddenException() {
            super(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "The caller lacks the required role.");
        }
    }
}
