package dev.tessera.auth.account;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

class UsernameTakenException extends ProblemException {

    UsernameTakenException() {
        super(HttpStatus.CONFLICT, "username-taken", "Username taken", "This username is not available.");
    }
}
