package dev.tessera.e2e;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;

/**
 * The codes an authenticator app shows for a key auth-service handed out at enrolment (RFC 6238: HMAC-SHA1, six
 * digits, 30 s steps), computed with the same library auth-service checks them with; the base32 key is decoded
 * here (RFC 4648, no padding), a dozen lines no library on the test class path offers.
 */
final class Totp {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private static final TimeBasedOneTimePasswordGenerator GENERATOR =
            new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30));

    private Totp() {}

    /** The code for {@code instant}: now, or a step ahead (auth-service accepts one step of clock skew). */
    static String code(String base32Key, Instant instant) {
        try {
            return GENERATOR.generateOneTimePasswordString(
                    new SecretKeySpec(decode(base32Key), GENERATOR.getAlgorithm()), instant);
        } catch (InvalidKeyException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static byte[] decode(String base32) {
        String clean = base32.replace("=", "").replace(" ", "").toUpperCase(Locale.ROOT);
        byte[] out = new byte[clean.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int index = 0;
        for (char c : clean.toCharArray()) {
            int value = ALPHABET.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not base32: " + c);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out[index++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }
}
