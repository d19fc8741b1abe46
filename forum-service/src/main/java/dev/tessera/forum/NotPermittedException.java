package dev.tessera.forum;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The caller is known but may not do this (403). */
public class NotPermittedException extends ErrorResponseException {

    private NotPermittedException(String detail) {
        super(HttpStatus.FORBIDDEN, ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail), null);
    }

    public static NotPermittedException notAuthor() {
        return new NotPermittedException("Only the author, a moderator or an admin may change this");
    }
}
