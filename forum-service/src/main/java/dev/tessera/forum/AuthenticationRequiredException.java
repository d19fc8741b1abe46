package dev.tessera.forum;

import dev.tessera.boot.ProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** A write by an anonymous caller (401): the gateway let it through as public, the forum does not. */
public class AuthenticationRequiredException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public AuthenticationRequiredException(String detail) {
        super(HttpStatus.UNAUTHORIZED, "authentication-required", "Authentication required", detail);
        getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
}
