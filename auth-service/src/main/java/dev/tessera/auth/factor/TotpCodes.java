package dev.tessera.auth.factor;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * TOTP (RFC 6238) as every authenticator app computes it by default: HMAC-SHA-1, six digits, 30-second steps
 * counted from the Unix epoch. java-otp computes a code for a step; this class decides which steps a presented code
 * may match: the current one and one on either side (RFC 6238 section 5.2 allows one step of transmission delay,
 * and phone clocks drift by seconds), and only steps after the last one accepted for the credential, so a code works
 * at most once however long its window (section 5.2: "the verifier MUST NOT accept the second attempt").
 */
final class TotpCodes {

    static final Duration STEP = Duration.ofSeconds(30);

    static final int DIGITS = 6;

    /** 160 bits, the HMAC-SHA-1 output size, as RFC 4226 section 4 recommends for the shared secret. */
    static final int SECRET_BYTES = 20;

    private static final Pattern SHAPE = Pattern.compile("[0-9]{" + DIGITS + "}");

    /** Shared: java-otp clones its prototype Mac for every code, so one generator serves every thread. */
    private static final TimeBasedOneTimePasswordGenerator GENERATOR = new TimeBasedOneTimePasswordGenerator(
            STEP, DIGITS, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);

    private TotpCodes() {}

    /** The time step an instant falls in. */
    static long stepAt(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP.getSeconds());
    }

    /** The code for one step, with ASCII digits whatever the default locale. */
    static String codeAt(byte[] secret, long step) {
        try {
            return GENERATOR.generateOneTimePasswordString(
                    new SecretKeySpec(secret, GENERATOR.getAlgorithm()),
                    Instant.ofEpochSecond(step * STEP.getSeconds()),
                    Locale.ROOT);
        } catch (InvalidKeyException ex) {
            throw new IllegalStateException("A TOTP secret is not a valid HMAC key", ex);
        }
    }

    /**
     * The step a code is right for: within one step of {@code now} and after {@code lastUsedStep}, the earliest such
     * step if several match; empty for anything else, a malformed code included.
     *
     * @param lastUsedStep the last step a code of this secret was accepted for, or {@code null} for none
     */
    static OptionalLong match(byte[] secret, String code, Instant now, Long lastUsedStep) {
        if (code == null || !SHAPE.matcher(code).matches()) {
            return OptionalLong.empty();
        }
        byte[] presented = code.getBytes(StandardCharsets.US_ASCII);
        long current = stepAt(now);
        for (long step = current - 1; step <= current + 1; step++) {
            if (lastUsedStep != null && step <= lastUsedStep) {
                continue;
            }
            if (MessageDigest.isEqual(codeAt(secret, step).getBytes(StandardCharsets.US_ASCII), presented)) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }
}
