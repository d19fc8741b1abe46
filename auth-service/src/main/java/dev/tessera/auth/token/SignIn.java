package dev.tessera.auth.token;

import java.time.Instant;
import java.util.List;

/**
 * How and when the user authenticated for a session (a refresh family): the {@code amr} and {@code auth_time} of
 * the access tokens issued for it, the same for every refresh of that login.
 *
 * @param methods RFC 8176 authentication method references, e.g. {@code ["pwd"]} or {@code ["pwd", "otp"]}
 * @param at when the login completed (its last step)
 */
public record SignIn(List<String> methods, Instant at) {

    /** RFC 8176: a password. */
    public static final String PASSWORD = "pwd";

    /**
     * RFC 8176: a one-time password. A TOTP code and a single-use recovery code both are one: RFC 8176 has no value
     * of its own for recovery codes, and a rule that asks for a second factor must accept the one meant for when
     * the phone is lost.
     */
    public static final String ONE_TIME_PASSWORD = "otp";

    public SignIn {
        methods = List.copyOf(methods);
    }

    /** A login with a password alone. */
    public static SignIn password(Instant at) {
        return new SignIn(List.of(PASSWORD), at);
    }
}
