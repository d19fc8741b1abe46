package dev.tessera.auth.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Client secrets: generated here from 32 random bytes (base64url, 43 characters), stored only as their SHA-256. A
 * fast unsalted hash is sound for these secrets, not for passwords: 256 random bits leave nothing to guess, so the
 * hash need not be slow. Comparison is on the hashes, in constant time ({@link MessageDigest#isEqual}).
 */
final class ClientSecrets {

    /** A presented secret longer than this is refused without hashing. */
    static final int MAX_SECRET_LENGTH = 256;

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Compared against when the client is unknown, so an unknown id costs the same work as a known one. */
    private static final byte[] NO_CLIENT = sha256("no such client");

    private ClientSecrets() {}

    /** A new secret: 32 random bytes, base64url without padding. */
    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Whether the presented secret hashes to the stored hash; null stored hash (unknown client) never matches. */
    static boolean matches(String presented, byte[] storedHash) {
        byte[] presentedHash = sha256(presented);
        boolean equal = MessageDigest.isEqual(presentedHash, (storedHash != null) ? storedHash : NO_CLIENT);
        return equal && storedHash != null;
    }

    /** Parses a configured SHA-256 (64 hex characters). */
    static Optional<byte[]> parseHex(String hex) {
        if (hex == null || !HEX_SHA256.matcher(hex).matches()) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().parseHex(hex));
    }
}
