package dev.tessera.auth;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;

/** An authenticator app for tests outside the factor package: base32 secret in, six-digit code out. */
public final class TestTotp {

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private TestTotp() {}

    public static byte[] decode(String base32) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : base32.toCharArray()) {
            buffer = (buffer << 5) | BASE32.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                bytes.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return bytes.toByteArray();
    }

    public static String code(byte[] key, Instant at) {
        try {
            return new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6)
                    .generateOneTimePasswordString(new SecretKeySpec(key, "HmacSHA1"), at, Locale.ROOT);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A well-formed code that is not the given one. */
    public static String otherThan(String code) {
        return code.equals("123456") ? "654321" : "123456";
    }
}
