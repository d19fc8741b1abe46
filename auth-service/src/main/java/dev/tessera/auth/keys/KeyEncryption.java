package dev.tessera.auth.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets stored in PostgreSQL with AES-256-GCM under the key-encryption key (KEK). The caller's
 * context (e.g. {@code signing-key:<kid>}) is bound as associated data, so a sealed value copied to
 * another row does not open. Format: version byte, 4-byte KEK id (from the SHA-256 of the KEK, so the
 * right key is found without trying each), 12-byte random nonce, ciphertext with 128-bit tag.
 *
 * <p>KEK rotation: seal with the current KEK; open with the current or any previous one. Once every
 * value sealed under a previous KEK is gone (signing keys retire after a key rotation, sealed refresh
 * successors after seconds), the previous KEK can be removed from the configuration.
 */
public final class KeyEncryption {

    private static final byte VERSION = 1;

    private static final int ID_BYTES = 4;

    private static final int NONCE_BYTES = 12;

    private static final int TAG_BITS = 128;

    private static final int HEADER_BYTES = 1 + ID_BYTES + NONCE_BYTES;

    private final byte[] currentId;

    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

    private final SecureRandom random = new SecureRandom();

    KeyEncryption(byte[] keyEncryptionKey) {
        this(keyEncryptionKey, List.of());
    }

    KeyEncryption(byte[] current, List<byte[]> previous) {
        this.currentId = idOf(current);
        add(current);
        previous.forEach(this::add);
    }

    private void add(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("A key-encryption key must be 32 bytes");
        }
        this.keys.putIfAbsent(HexFormat.of().formatHex(idOf(key)), new SecretKeySpec(key, "AES"));
    }

    public byte[] seal(byte[] plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        this.random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.ENCRYPT_MODE,
                    this.keys.get(HexFormat.of().formatHex(this.currentId)),
                    new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(HEADER_BYTES + ciphertext.length)
                    .put(VERSION)
                    .put(this.currentId)
                    .put(nonce)
                    .put(ciphertext)
                    .array();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES-GCM unavailable", ex);
        }
    }

    /**
     * Opens a sealed value.
     *
     * @throws IllegalStateException if the value was not sealed under a configured KEK and this context
     */
    public byte[] open(byte[] sealed, String context) {
        if (sealed.length < HEADER_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new IllegalStateException("Not a sealed value");
        }
        SecretKeySpec key = this.keys.get(HexFormat.of().formatHex(sealed, 1, 1 + ID_BYTES));
        if (key == null) {
            throw new IllegalStateException("Sealed under a key-encryption key that is not configured"
                    + " (add it to TESSERA_PREVIOUS_KEY_ENCRYPTION_KEYS)");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1 + ID_BYTES, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Sealed value does not open under the key-encryption key", ex);
        }
    }

    private static byte[] idOf(byte[] key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("tessera-kek-id".getBytes(StandardCharsets.US_ASCII));
            return Arrays.copyOf(digest.digest(key), ID_BYTES);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
