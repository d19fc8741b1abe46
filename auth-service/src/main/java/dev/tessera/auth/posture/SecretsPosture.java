package dev.tessera.auth.posture;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The start-up posture check for auth-service's secrets (see docs/contracts.md). It refuses to start when the
 * key-encryption key is missing, not exactly 256 bits, trivially weak or the value Tessera once published for
 * development; there is no development default (the launcher and compose generate a key per installation). Previous
 * key-encryption keys (kept only to open what they sealed, during a KEK rotation) pass the same checks. The {@code dev}
 * profile only allows generating the first administrator's password (printed once).
 */
public final class SecretsPosture {

    public static final String DEV_PROFILE = "dev";

    /** The key-encryption key Tessera once published for development was the SHA-256 of this text: never valid. */
    static final String PUBLISHED_KEK_SEED = "tessera-development-kek-not-for-production";

    private static final Logger log = LoggerFactory.getLogger(SecretsPosture.class);

    private final boolean dev;

    private final byte[] keyEncryptionKey;

    private final List<byte[]> previousKeyEncryptionKeys;

    public SecretsPosture(Environment environment, String configuredKeyEncryptionKey) {
        this(environment, configuredKeyEncryptionKey, List.of());
    }

    public SecretsPosture(
            Environment environment, String configuredKeyEncryptionKey, List<String> previousKeyEncryptionKeys) {
        this.dev = environment.acceptsProfiles(Profiles.of(DEV_PROFILE));
        if (configuredKeyEncryptionKey == null || configuredKeyEncryptionKey.isBlank()) {
            throw refuse("TESSERA_KEY_ENCRYPTION_KEY (tessera.auth.keys.encryption-key) is not set");
        }
        this.keyEncryptionKey = decodeKek(configuredKeyEncryptionKey.trim());
        if (MessageDigest.isEqual(this.keyEncryptionKey, publishedKek())) {
            throw refuse("TESSERA_KEY_ENCRYPTION_KEY is the value Tessera once published for development");
        }
        this.previousKeyEncryptionKeys = (previousKeyEncryptionKeys == null)
                ? List.of()
                : previousKeyEncryptionKeys.stream()
                        .filter(value -> value != null && !value.isBlank())
                        .map(value -> {
                            byte[] key = decodeKek(value.trim());
                            if (MessageDigest.isEqual(key, publishedKek())) {
                                throw refuse("a previous key-encryption key is the value Tessera once published");
                            }
                            return key;
                        })
                        .toList();
        if (this.dev) {
            log.warn("DEVELOPMENT PROFILE ACTIVE (not for production): if no administrator exists and"
                    + " TESSERA_ADMIN_PASSWORD is not set, one is created with a generated password printed once.");
        }
    }

    /** Whether the {@code dev} profile is active: the first administrator's password may be generated. */
    public boolean developmentMode() {
        return this.dev;
    }

    /** The 32-byte key-encryption key (a copy). */
    public byte[] keyEncryptionKey() {
        return this.keyEncryptionKey.clone();
    }

    /** Earlier key-encryption keys, only for opening what they sealed (copies). */
    public List<byte[]> previousKeyEncryptionKeys() {
        return this.previousKeyEncryptionKeys.stream().map(byte[]::clone).toList();
    }

    static byte[] publishedKek() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(PUBLISHED_KEK_SEED.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] decodeKek(String value) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException ex) {
            throw refuse("TESSERA_KEY_ENCRYPTION_KEY is not valid base64");
        }
        if (key.length != 32) {
            throw refuse("TESSERA_KEY_ENCRYPTION_KEY must be base64 of exactly 32 bytes (256 bits), got " + key.length
                    + " bytes");
        }
        if (distinctBytes(key) < 8) {
            throw refuse("TESSERA_KEY_ENCRYPTION_KEY is not random (too few distinct bytes)");
        }
        return key;
    }

    private static long distinctBytes(byte[] key) {
        boolean[] seen = new boolean[256];
        long count = 0;
        for (byte b : key) {
            if (!seen[b & 0xff]) {
                seen[b & 0xff] = true;
                count++;
            }
        }
        return count;
    }

    private static IllegalStateException refuse(String reason) {
        return new IllegalStateException("Refusing to start: " + reason
                + ". Generate one with `openssl rand -base64 32` (./tessera-local and docker compose generate one"
                + " per installation).");
    }
}
