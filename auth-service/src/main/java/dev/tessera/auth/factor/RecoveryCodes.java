package dev.tessera.auth.factor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Single-use recovery codes: twelve characters of Crockford's base32 alphabet (no I, L, O or U to misread), 60
 * random bits, shown as {@code xxxx-xxxx-xxxx}. Only their SHA-256 is stored.
 *
 * <p>Why SHA-256 and not argon2id as for passwords: a slow hash protects guessable secrets, and these are not
 * guessable. Finding one code from its hash takes about 2^59 SHA-256 computations, years on a rack of GPUs; and
 * whoever can read the table has the TOTP secret next to it anyway (stored as-is, as it must be). A fast hash also
 * lets a login look a code up by its hash in one indexed query instead of trying ten argon2id verifications.
 */
final class RecoveryCodes {

    /** How many codes a set has. */
    static final int PER_SET = 10;

    private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

    private static final int LENGTH = 12;

    private static final Pattern SHAPE = Pattern.compile("[0-9a-hjkmnp-tv-z]{" + LENGTH + "}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private RecoveryCodes() {}

    /** A new set of codes, formatted for the user. */
    static List<String> generate() {
        List<String> codes = new ArrayList<>(PER_SET);
        for (int i = 0; i < PER_SET; i++) {
            StringBuilder code = new StringBuilder(LENGTH + 2);
            for (int c = 0; c < LENGTH; c++) {
                if (c > 0 && c % 4 == 0) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return List.copyOf(codes);
    }

    /**
     * The hash a code is stored under, after forgiving how people type codes (case, dashes, spaces); empty when the
     * input cannot be a code at all.
     */
    static Optional<byte[]> hash(String presented) {
        if (presented == null || presented.length() > 64) {
            return Optional.empty();
        }
        String normalized = presented.toLowerCase(Locale.ROOT).replace("-", "").replace(" ", "");
        if (!SHAPE.matcher(normalized).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
