package dev.tessera.auth.posture;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The start-up posture check for auth-service's secrets (see docs/contracts.md). Outside the {@code
 * dev} profile it refuses to start when the key-encryption key is missing, not exactly 256 bits,
 * trivially weak or equal to the published development value. With {@code dev} active it falls back
 * to the documented development value and says so in one loud warning. Previous key-encryption keys
 * (kept only to open what they sealed, during a KEK rotation) pass the same checks.
 */
public final class SecretsPosture {

    public static final String DEV_PROFILE = "dev";

    /** The published development key-encryption key: SHA-256 of this text. Never valid outside dev. */
    static final String DEV_KEK_SEED = "tessera-development-kek-not-for-production";

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
        boolean configured = configuredKeyEncryptionKey != null && !configuredKeyEncryptionKey.isBlank();
        if (configured) {
            this.keyEncryptionKey = decodeKek(configuredKeyEncryptionKey.trim());
            if (!this.dev && Arrays.equals(this.keyEncryptionKey, developmentKek())) {
                throw refuse("TESSERA_KEY_ENCRYPTION_KEY is the published development value");
            }
        } else if (this.dev) {
            this.keyEncryptionKey = developmentKek();
        } else {
            throw refuse("TESSERA_KEY_ENCRYPTION_KEY (tessera.auth.keys.encryption-key) is not set");
        }
        this.previousKeyEncryptionKeys = (previousKeyEncryptionKeys == null)
                ? List.of()
                : previousKeyEncryptionKeys.stream()
                        .filter(value -> value != null && !value.isBlank())
                        .map(value -> {
                            byte[] key = decodeKek(value.trim());
                            if (!this.dev && Arrays.equals(key, developmentKek())) {
                                throw refuse("a previous key-encryption key is the published development value");
                            }
                            return key;
                        })
                        .toList();
        if (this.dev) {
            log.warn("""

                    ************************************************************************
                    *  DEVELOPMENT PROFILE ACTIVE: NOT FOR PRODUCTION                      *
                    *  key-encryption key: {}
                    *  admin password: generated and printed once if an admin is created  *
                    *  unless TESSERA_ADMIN_PASSWORD is set.                              *
                    ************************************************************************""", configured ? "configured" : "the published development value");
        }
    }

    /** Whether the {@code dev} profile is active, so development fallbacks are allowed. */
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

    static byte[] developmentKek() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(DEV_KEK_SEED.getBytes(StandardCharsets.US_ASCII));
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
        return new IllegalStateException(
                "Refusing to start: " + reason
                        + ". Generate one with `openssl rand -base64 32`, or activate the 'dev' profile for local development.");
    }
}
