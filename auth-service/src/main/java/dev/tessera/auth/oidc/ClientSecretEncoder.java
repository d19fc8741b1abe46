package dev.tessera.auth.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Client secrets of OpenID clients, stored as {@code {sha256}<hex>} like machine clients' secrets: they are 256
 * random bits, so a plain SHA-256 compared in constant time is enough (nothing to guess, unlike a password). Given to
 * Spring Authorization Server's {@code ClientSecretAuthenticationProvider} only; user passwords keep argon2id.
 */
final class ClientSecretEncoder implements PasswordEncoder {

    static final String PREFIX = "{sha256}";

    @Override
    public String encode(CharSequence rawPassword) {
        return PREFIX + HexFormat.of().formatHex(sha256(rawPassword.toString()));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null || !encodedPassword.startsWith(PREFIX)) {
            return false;
        }
        byte[] stored;
        try {
            stored = HexFormat.of()
                    .parseHex(encodedPassword.substring(PREFIX.length()).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            return false;
        }
        return MessageDigest.isEqual(sha256(rawPassword.toString()), stored);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
