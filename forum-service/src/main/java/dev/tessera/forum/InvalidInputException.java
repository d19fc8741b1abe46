package dev.tessera.forum;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request whose content breaks a rule of the forum (400); names the field and the rule only. */
public class InvalidInputException extends ErrorResponseException {

    public InvalidInputException(String field, String reason) {
        super(HttpStatus.BAD_REQUEST, problem(field, reason), null);
    }

    private static ProblemDetail problem(String field, String reason) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, reason);
        problem.setTitle("Invalid input");
        problem.setType(URI.create("https://tessera.dev/problems/invalid-input"));
        problem.setProperty("field", field);
        return problem;
    }
}
