package dev.tessera.auth.account;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The password policy ({@code tessera.auth.password}), after NIST SP 800-63B-4.
 *
 * @param minLength fewest characters (Unicode code points after NFKC) of a new password (default 15: 800-63B-4
 *     asks for 15 while a password is the only factor, as in Tessera; 8 is its floor with a second factor).
 *     The most is always 128
 * @param minScore the lowest zxcvbn score accepted (0 to 4, default 3: an estimated 10^8 guesses or more, far
 *     beyond what the login throttle lets anyone try online); common passwords, names, words, keyboard
 *     patterns, repeats, dates and the context words (username, display name, "tessera") score low
 */
@Validated
@ConfigurationProperties("tessera.auth.password")
record PasswordProperties(
        @Min(8) @Max(64) @DefaultValue("15") int minLength,
        @Min(0) @Max(4) @DefaultValue("3") int minScore) {}
