package dev.tessera.auth.web;

import java.io.IOException;

/** Thrown while reading a body that exceeds the limit; it travels inside the converter's exception. */
final class BodyTooLargeException extends IOException {

    BodyTooLargeException() {
        super("Request body exceeds the limit", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
