package dev.tessera.auth.account;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A canonical username. Canonicalization: Unicode NFKC, then case folding, then NFKC again, so that
 * {@code ADMIN} and full-width {@code ａｄｍｉｎ} both become {@code admin}. The canonical form must be
 * 3 to 32 characters of {@code a-z 0-9 . _ -}, starting and ending with a letter or digit. That
 * charset rules out confusable scripts, invisible and control characters, and anything with meaning
 * in SQL, HTML or a log line.
 */
public record Username(String value) {

    public static final int MIN_LENGTH = 3;

    public static final int MAX_LENGTH = 32;

    private static final Pattern CANONICAL = Pattern.compile("[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?");

    /** Longest raw input worth canonicalizing; anything longer cannot become a valid name. */
    private static final int MAX_RAW_LENGTH = 4 * MAX_LENGTH;

    public Username {
        if (!isCanonical(value)) {
            throw new IllegalArgumentException("Not a canonical username");
        }
    }

    /**
     * Parses user input.
     *
     * @throws InvalidInputException with a reason the client may read
     */
    public static Username parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidInputException("username", "must not be empty");
        }
        if (raw.length() > MAX_RAW_LENGTH) {
            throw new InvalidInputException("username", "must be at most " + MAX_LENGTH + " characters");
        }
        String canonical = canonicalize(raw);
        int length = canonical.codePointCount(0, canonical.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new InvalidInputException(
                    "username", "must be between " + MIN_LENGTH + " and " + MAX_LENGTH + " characters");
        }
        if (!CANONICAL.matcher(canonical).matches()) {
            throw new InvalidInputException(
                    "username",
                    "may contain only letters a-z, digits, '.', '_' and '-', and must start and end with a letter or digit");
        }
        return new Username(canonical);
    }

    /** Parses user input, or empty when it cannot be a username. */
    public static Optional<Username> tryParse(String raw) {
        try {
            return Optional.of(parse(raw));
        } catch (InvalidInputException ex) {
            return Optional.empty();
        }
    }

    /**
     * The key login throttling counts under: the canonical form when the input is a valid name, a
     * best-effort canonical form otherwise, so unknown and malformed names are throttled exactly like
     * real ones.
     */
    public static String throttleKey(String raw) {
        if (raw == null) {
            return "";
        }
        String bounded = raw.length() > MAX_RAW_LENGTH ? raw.substring(0, MAX_RAW_LENGTH) : raw;
        return canonicalize(bounded);
    }

    static String canonicalize(String raw) {
        String folded = Normalizer.normalize(raw, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC).strip();
    }

    private static boolean isCanonical(String value) {
        return value != null
                && value.length() >= MIN_LENGTH
                && value.length() <= MAX_LENGTH
                && CANONICAL.matcher(value).matches();
    }

    @Override
    public String toString() {
        return this.value;
    }
}
