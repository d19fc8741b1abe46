package dev.tessera.forum;

import dev.tessera.boot.ProblemException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request whose content breaks a rule of the forum (400); names the field and the rule only, in the
 * contract's {@code invalid-request} shape ({@code errors: [{field, reason}]}).
 */
public class InvalidInputException extends ProblemException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidInputException(String field, String reason) {
        super(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", reason);
        this.field = field;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("errors", List.of(Map.of("field", this.field, "reason", detail())));
    }
}
