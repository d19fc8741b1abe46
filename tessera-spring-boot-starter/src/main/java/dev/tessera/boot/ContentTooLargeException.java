package dev.tessera.boot;

import java.io.IOException;

/**
 * Thrown while a servlet request body is read past the limit. An {@link IOException}, so a message converter wraps
 * it like any read failure; the problem advice finds it in the cause chain and answers 413.
 */
final class ContentTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    ContentTooLargeException() {
        super("Request body exceeds the limit", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /** The 413 problem, for the reactive side and the advice. */
    static final class Problem extends ProblemException {

        private static final long serialVersionUID = 1L;

        Problem() {
            super(
                    org.springframework.http.HttpStatus.CONTENT_TOO_LARGE,
                    "content-too-large",
                    "Content Too Large",
                    "The request body is too large.");
        }
    }
}
