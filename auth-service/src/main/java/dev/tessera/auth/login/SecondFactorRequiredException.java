package dev.tessera.auth.login;

import dev.tessera.auth.web.ProblemException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The password was right and the account has a second factor: no tokens yet. The body carries the challenge for
 * {@code POST /auth/login/second-factor} and the methods that step accepts. 401, not 200: a client that does not
 * know about second factors must not mistake this for a login.
 */
class SecondFactorRequiredException extends ProblemException {

    /** What the second step accepts, in the names of its request members. */
    static final List<String> METHODS = List.of("totp", "recovery_code");

    private final String challenge;

    SecondFactorRequiredException(String challenge) {
        super(
                HttpStatus.UNAUTHORIZED,
                "second-factor-required",
                "Second factor required",
                "Send the challenge with a code from the authenticator app or a recovery code.");
        this.challenge = challenge;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("challenge", this.challenge, "methods", METHODS);
    }
}
