package dev.tessera.boot;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** The RFC 6750 answers of machine-token paths, in the problem contract. */
final class ServiceTokenProblems {

    private ServiceTokenProblems() {}

    /** No machine token (401, bare {@code Bearer} challenge). */
    static final class MissingTokenException extends ProblemException {

        private static final long serialVersionUID = 1L;

        MissingTokenException() {
            super(
                    HttpStatus.UNAUTHORIZED,
                    "service-token-required",
                    "Service token required",
                    "This endpoint takes calls from other services, with their own access token.");
            getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
    }

    /** A token that is not a valid machine token for this service (401 {@code invalid_token}). */
    static final class InvalidTokenException extends ProblemException {

        private static final long serialVersionUID = 1L;

        InvalidTokenException() {
            super(
                    HttpStatus.UNAUTHORIZED,
                    "invalid-token",
                    "Invalid token",
                    "The access token is not a valid service token for this service.");
            getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        }
    }

    /** auth-service's keys cannot be fetched and none are known yet for this token (503). */
    static final class KeysUnavailableException extends ProblemException {

        private static final long serialVersionUID = 1L;

        KeysUnavailableException() {
            super(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "keys-unavailable",
                    "Service unavailable",
                    "Service tokens cannot be checked right now.",
                    Duration.ofSeconds(5));
        }
    }

    /** A valid token without the scope the endpoint needs (403 {@code insufficient_scope}). */
    static final class InsufficientScopeException extends ProblemException {

        private static final long serialVersionUID = 1L;

        InsufficientScopeException(String scope) {
            super(
                    HttpStatus.FORBIDDEN,
                    "insufficient-scope",
                    "Insufficient scope",
                    "The service token does not grant what this endpoint needs.");
            getHeaders()
                    .set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\", scope=\"" + scope + "\"");
        }
    }
}
