package dev.tessera.passport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One service's passport keys, in order: the first signs (at the gateway), any verifies (so a key can be rotated
 * without downtime: add the new one second, deploy everywhere, move it first, deploy, drop the old one).
 *
 * <p>Each key is given base64-encoded and must decode to at least 32 bytes (256 bits). There is no development
 * default: every installation generates its own keys (the launcher and compose do it on first start), and the keys
 * Tessera once published for development are refused wherever they appear; see {@link
 * #fromConfiguration(List)}.
 */
public final class PassportSecrets {

    /** Minimum decoded length of a secret, in bytes (256 bits). */
    public static final int MIN_SECRET_BYTES = 32;

    /**
     * Keys printed in Tessera's repository: the old development default (base64 of the ASCII text {@code
     * tessera-development-passport-secret-not-for-production}) and the keys of the passport test vectors
     * (docs/passport-vectors.json). Anyone can forge a passport with them, so they are refused even if a configuration
     * names them.
     */
    private static final List<byte[]> PUBLISHED = List.of(
            "tessera-development-passport-secret-not-for-production".getBytes(StandardCharsets.US_ASCII),
            "tessera-test-vectors-only: forum-service key 1".getBytes(StandardCharsets.US_ASCII),
            "tessera-test-vectors-only: forum-service key 2".getBytes(StandardCharsets.US_ASCII),
            "tessera-test-vectors-only: auth-service key 1".getBytes(StandardCharsets.US_ASCII));

    private final List<Secret> secrets;

    private PassportSecrets(List<Secret> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    /**
     * Secrets from base64 text, with no start-up policy (for tests and tools).
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
     * Secrets from configuration, applying the start-up policy shared by every Tessera service: blank entries are
     * ignored; none left, one that is not base64, shorter than 256 bits or a key Tessera once published is refused.
     *
     * @param base64Secrets the configured secrets ({@code tessera.passport.secrets}), may be {@code null}
     * @return the secrets
     * @throws IllegalStateException if the configuration is refused, with a message that says what to do
     */
    public static PassportSecrets fromConfiguration(List<String> base64Secrets) {
        List<String> configured = (base64Secrets != null)
                ? base64Secrets.stream()
                        .filter(s -> s != null && !s.isBlank())
                        .map(String::strip)
                        .toList()
                : List.of();
        if (configured.isEmpty()) {
            throw new IllegalStateException("No passport secret configured: set tessera.passport.secrets"
                    + " (TESSERA_PASSPORT_SECRETS) to the key the gateway holds for this service (base64, at least 32"
                    + " random bytes: openssl rand -base64 32); ./tessera-local and docker compose generate them");
        }
        PassportSecrets secrets;
        try {
            secrets = of(configured);
        } catch (IllegalArgumentException ex) {
            throw new IllegalStateException(ex.getMessage(), ex);
        }
        for (Secret secret : secrets.secrets) {
            if (isPublished(secret.bytes())) {
                throw new IllegalStateException(
                        "A passport secret is one Tessera published (a development default or a test vector's key):"
                                + " anyone could forge passports with it. Generate your own (openssl rand -base64 32)");
            }
        }
        return secrets;
    }

    /**
     * Whether a key is one Tessera once published (refused everywhere).
     *
     * @param key the decoded key
     * @return {@code true} for a published key
     */
    public static boolean isPublished(byte[] key) {
        return PUBLISHED.stream().anyMatch(published -> MessageDigest.isEqual(published, key));
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
