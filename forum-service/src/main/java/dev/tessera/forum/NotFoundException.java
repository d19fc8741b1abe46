package dev.tessera.forum;

import dev.tessera.boot.ProblemException;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/** A thread or post that does not exist or is hidden from readers (deleted): both look the same. */
public class NotFoundException extends ProblemException {

    private static final long serialVersionUID = 1L;

    private NotFoundException(String detail) {
        super(HttpStatus.NOT_FOUND, "not-found", "Not Found", detail);
    }

    public static NotFoundException thread(UUID id) {
        return new NotFoundException("No thread " + id);
    }

    public static NotFoundException post(UUID id) {
        return new NotFoundException("No post " + id);
    }
}
