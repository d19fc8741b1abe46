package dev.tessera.passport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared HMAC secrets for passports, in order: the first signs, any verifies (so a secret can be
 * rotated without downtime: add the new one second, deploy everywhere, move it first, deploy, drop the
 * old one).
 *
 * <p>Each secret is given base64-encoded and must decode to at least 32 bytes (256 bits). The published
 * development secret is refused unless the {@code dev} profile is active; see {@link
 * #fromConfiguration(List, boolean)}.
 */
public final class PassportSecrets {

    /** Minimum decoded length of a secret, in bytes (256 bits). */
    public static final int MIN_SECRET_BYTES = 32;

    /**
     * The published development secret, base64 of the ASCII text {@code
     * tessera-development-passport-secret-not-for-production}. Refused outside the {@code dev} profile.
     */
    public static final String DEVELOPMENT_SECRET = Base64.getEncoder()
            .encodeToString(
                    "tessera-development-passport-secret-not-for-production".getBytes(StandardCharsets.US_ASCII));

    private static final Logger logger = LoggerFactory.getLogger(PassportSecrets.class);

    private final List<Secret> secrets;

    private PassportSecrets(List<Secret> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    /**
     * Secrets from base64 text, with no policy about the development secret (for tests and tools).
     *
     * @param base64Secrets one or more base64 secrets, each at least 32 bytes decoded
     * @return the secrets
     * @throws IllegalArgumentException if the list is empty or a secret is not base64 or too short
     */
    public static PassportSecrets of(List<String> base64Secrets) {
        if (base64Secrets == null || base64Secrets.isEmpty()) {
            throw new IllegalArgumentException("At least one passport secret is required (tessera.passport.secrets)");
        }
        List<Secret> decoded = new ArrayList<>();
        for (int i = 0; i < base64Secrets.size(); i++) {
            decoded.add(Secret.decode(base64Secrets.get(i), i));
        }
        return new PassportSecrets(decoded);
    }

    /**
     * Secrets from configuration, applying the start-up policy shared by every Tessera service: missing,
     * short or development secrets are refused unless {@code developmentProfile} is true; then a missing
     * secret is replaced by {@link #DEVELOPMENT_SECRET} and one WARN is logged.
     *
     * @param base64Secrets the configured secrets ({@code tessera.passport.secrets}), may be {@code null}
     * @param developmentProfile whether the Spring profile {@code dev} is active
     * @return the secrets
     * @throws IllegalStateException if the configuration is refused
     */
    public static PassportSecrets fromConfiguration(List<String> base64Secrets, boolean developmentProfile) {
        List<String> configured = (base64Secrets != null)
                ? base64Secrets.stream()
                        .filter(s -> s != null && !s.isBlank())
                        .map(String::strip)
                        .toList()
                : List.of();
        boolean usesDevelopmentSecret = configured.stream().anyMatch(PassportSecrets::isDevelopmentSecret);
        if (!developmentProfile) {
            if (configured.isEmpty()) {
                throw new IllegalStateException("No passport secret configured: set tessera.passport.secrets"
                        + " (TESSERA_PASSPORT_SECRETS), base64, at least 32 bytes decoded");
            }
            if (usesDevelopmentSecret) {
                throw new IllegalStateException("The published development passport secret is configured but"
                        + " the 'dev' profile is not active: set a real tessera.passport.secrets");
            }
        }
        if (configured.isEmpty()) {
            configured = List.of(DEVELOPMENT_SECRET);
            usesDevelopmentSecret = true;
        }
        PassportSecrets secrets;
        try {
            secrets = of(configured);
        } catch (IllegalArgumentException ex) {
            throw new IllegalStateException(ex.getMessage(), ex);
        }
        if (usesDevelopmentSecret) {
            logger.warn("*** INSECURE: passports are signed/verified with the PUBLISHED DEVELOPMENT SECRET"
                    + " ('dev' profile). Anyone can forge a passport. Never run this way in production. ***");
        }
        return secrets;
    }

    private static boolean isDevelopmentSecret(String base64) {
        try {
            return Arrays.equals(decode(base64), decode(DEVELOPMENT_SECRET));
        } catch (IllegalArgumentException ex) {
            return false;
        }
    }

    static byte[] decode(String base64) {
        String text = base64.strip();
        // Accept both alphabets: operators paste whichever their tool printed.
        return (text.indexOf('-') >= 0 || text.indexOf('_') >= 0)
                ? Base64.getUrlDecoder().decode(text)
                : Base64.getDecoder().decode(text);
    }

    List<Secret> all() {
        return secrets;
    }

    Secret signing() {
        return secrets.get(0);
    }

    /**
     * The number of configured secrets.
     *
     * @return at least 1
     */
    public int size() {
        return secrets.size();
    }

    @Override
    public String toString() {
        return "PassportSecrets[" + secrets.stream().map(Secret::keyId).toList() + "]";
    }

    /** One decoded secret and its public id (first 8 base64url characters of its SHA-256). */
    record Secret(String keyId, byte[] bytes) {

        static Secret decode(String base64, int index) {
            byte[] bytes;
            try {
                bytes = PassportSecrets.decode(base64);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("Passport secret #" + index + " is not valid base64");
            }
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("Passport secret #" + index + " is " + bytes.length
                        + " bytes decoded; at least " + MIN_SECRET_BYTES + " are required");
            }
            return new Secret(keyIdOf(bytes), bytes);
        }

        private static String keyIdOf(byte[] bytes) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
                return Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(digest)
                        .substring(0, 8);
            } catch (NoSuchAlgorithmException ex) {
                throw new IllegalStateException(ex);
            }
        }

        @Override
        public String toString() {
            return "Secret[" + keyId + "]";
        }
    }
}
