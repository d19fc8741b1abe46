package dev.tessera.forum;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A write by an anonymous caller (401): the gateway let it through as public, the forum does not. */
public class AuthenticationRequiredException extends ErrorResponseException {

    public AuthenticationRequiredException(String detail) {
        super(HttpStatus.UNAUTHORIZED, ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail), null);
        getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
}
