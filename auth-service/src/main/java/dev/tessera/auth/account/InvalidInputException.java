package dev.tessera.auth.account;

import dev.tessera.auth.web.ProblemException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A field of a request breaks a rule the client can fix; the reason is written for the client. */
public class InvalidInputException extends ProblemException {

    private final String field;

    private final String reason;

    public InvalidInputException(String field, String reason) {
        super(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("errors", List.of(Map.of("field", this.field, "reason", this.reason)));
    }
}
