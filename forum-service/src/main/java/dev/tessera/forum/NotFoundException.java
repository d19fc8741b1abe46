package dev.tessera.forum;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A thread or post that does not exist or is hidden from readers (deleted): both look the same. */
public class NotFoundException extends ErrorResponseException {

    private NotFoundException(String detail) {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail), null);
    }

    public static NotFoundException thread(UUID id) {
        return new NotFoundException("No thread " + id);
    }

    public static NotFoundException post(UUID id) {
        return new NotFoundException("No post " + id);
    }
}
