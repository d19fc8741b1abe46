package dev.tessera.auth.account;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The password policy ({@code tessera.auth.password}), after NIST SP 800-63B-4.
 *
 * @param minLength fewest characters (Unicode code points after NFKC) of a new password of an account whose only
 *     factor it is (default 15, what 800-63B-4 asks for a single-factor password). The most is always 128
 * @param minLengthWithSecondFactor fewest characters of a new password of an account with a second factor
 *     (default 8, 800-63B-4's floor when the password is one factor of two); at most {@code minLength}. An account
 *     cannot drop its last second factor while its password is shorter than {@code minLength}
 * @param minScore the lowest zxcvbn score accepted (0 to 4, default 3: an estimated 10^8 guesses or more, far
 *     beyond what the login throttle lets anyone try online); common passwords, names, words, keyboard
 *     patterns, repeats, dates and the context words (username, display name, "tessera") score low
 */
@Validated
@ConfigurationProperties("tessera.auth.password")
record PasswordProperties(
        @Min(8) @Max(64) @DefaultValue("15") int minLength,
        @Min(8) @Max(64) @DefaultValue("8") int minLengthWithSecondFactor,
        @Min(0) @Max(4) @DefaultValue("3") int minScore) {

    PasswordProperties {
        if (minLengthWithSecondFactor > minLength) {
            throw new IllegalArgumentException("tessera.auth.password.min-length-with-second-factor ("
                    + minLengthWithSecondFactor + ") must not exceed tessera.auth.password.min-length (" + minLength
                    + "): a second factor never asks for a longer password");
        }
    }
}
