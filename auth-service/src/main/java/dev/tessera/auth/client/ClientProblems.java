package dev.tessera.auth.client;

import dev.tessera.auth.web.ProblemException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** The problems of client administration (RFC 9457, rendered by the kit). */
final class ClientProblems {

    private ClientProblems() {}

    /** No client has this id. */
    static final class ClientNotFoundException extends ProblemException {

        ClientNotFoundException() {
            super(HttpStatus.NOT_FOUND, "client-not-found", "Client not found", "No machine client has this id.");
        }
    }

    /** The id is already registered. */
    static final class ClientIdTakenException extends ProblemException {

        ClientIdTakenException() {
            super(HttpStatus.CONFLICT, "client-id-taken", "Client id taken", "A machine client with this id exists.");
        }
    }

    /** The registration breaks a rule; same shape as the other validation problems of auth-service. */
    static final class InvalidClientException extends ProblemException {

        private final ClientRegistration.Violation violation;

        InvalidClientException(ClientRegistration.Violation violation) {
            super(
                    HttpStatus.BAD_REQUEST,
                    "invalid-request",
                    "Invalid request",
                    violation.field() + ": " + violation.reason());
            this.violation = violation;
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of(
                    "errors", List.of(Map.of("field", this.violation.field(), "reason", this.violation.reason())));
        }
    }
}
