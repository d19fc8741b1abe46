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

    private final String challenge;

    /** What the second step accepts for this account: {@code totp}, {@code recovery_code}, {@code passkey}. */
    private final List<String> methods;

    SecondFactorRequiredException(String challenge, List<String> methods) {
        super(
                HttpStatus.UNAUTHORIZED,
                "second-factor-required",
                "Second factor required",
                "Send the challenge with a second factor: one of the methods listed.");
        this.challenge = challenge;
        this.methods = List.copyOf(methods);
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("challenge", this.challenge, "methods", this.methods);
    }
}
