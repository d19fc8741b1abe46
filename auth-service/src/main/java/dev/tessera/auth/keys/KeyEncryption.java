package dev.tessera.auth.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets stored in PostgreSQL with AES-256-GCM under the key-encryption key. The caller's
 * context (e.g. {@code signing-key:<kid>}) is bound as associated data, so a sealed value copied to
 * another row does not open. Format: version byte, 12-byte random nonce, ciphertext with 128-bit
 * tag.
 */
public final class KeyEncryption {

    private static final byte VERSION = 1;

    private static final int NONCE_BYTES = 12;

    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;

    private final SecureRandom random = new SecureRandom();

    KeyEncryption(byte[] keyEncryptionKey) {
        if (keyEncryptionKey.length != 32) {
            throw new IllegalArgumentException("The key-encryption key must be 32 bytes");
        }
        this.key = new SecretKeySpec(keyEncryptionKey, "AES");
    }

    public byte[] seal(byte[] plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        this.random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + ciphertext.length)
                    .put(VERSION)
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
     * @throws IllegalStateException if the value was not sealed under this key and context
     */
    public byte[] open(byte[] sealed, String context) {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new IllegalStateException("Not a sealed value");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Sealed value does not open under the key-encryption key", ex);
        }
    }
}
