package dev.tessera.auth.login;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

/** The one failure answer for unknown users, wrong passwords and disabled accounts (byte-identical). */
class LoginFailedException extends ProblemException {

    LoginFailedException() {
        super(HttpStatus.UNAUTHORIZED, "login-failed", "Login failed", "The username or password is incorrect.");
    }
}
