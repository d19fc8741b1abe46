package dev.tessera.forum;

import dev.tessera.boot.ProblemException;
import org.springframework.http.HttpStatus;

/** The caller is known but may not do this (403). */
public class NotPermittedException extends ProblemException {

    private static final long serialVersionUID = 1L;

    private NotPermittedException(String detail) {
        super(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }

    public static NotPermittedException notAuthor() {
        return new NotPermittedException("Only the author, a moderator or an admin may change this");
    }
}
