package dev.tessera.auth.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * NIST SP 800-63B style password rules: 8 to 128 characters (Unicode code points after NFKC), any
 * character, no composition rules; the username and a short list of the most common passwords are
 * refused. Passwords are normalized with NFKC before hashing (800-63B 3.1.1.2), on registration and
 * login alike, so the same password typed on another keyboard still matches.
 */
@Component
class PasswordPolicy {

    static final int MIN_LENGTH = 8;

    static final int MAX_LENGTH = 128;

    private final Set<String> common;

    PasswordPolicy() {
        this.common = load(new ClassPathResource("common-passwords.txt"));
    }

    /** The form of a password that is hashed and compared. */
    static String normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    /** Whether a password can be valid at all; checked before any hashing work. */
    static boolean withinLength(String normalized) {
        // Length in UTF-16 units first: a cheap upper bound that never counts a huge string.
        return normalized.length() <= 2 * MAX_LENGTH && normalized.codePointCount(0, normalized.length()) <= MAX_LENGTH;
    }

    /**
     * Checks a new password and returns its normalized form.
     *
     * @throws InvalidInputException with the reason
     */
    String check(String password, Username username) {
        if (password == null || password.isEmpty()) {
            throw new InvalidInputException("password", "must not be empty");
        }
        if (password.length() > 4 * MAX_LENGTH) {
            throw new InvalidInputException("password", "must be at most " + MAX_LENGTH + " characters");
        }
        String normalized = normalize(password);
        int length = normalized.codePointCount(0, normalized.length());
        if (length < MIN_LENGTH) {
            throw new InvalidInputException("password", "must be at least " + MIN_LENGTH + " characters");
        }
        if (length > MAX_LENGTH) {
            throw new InvalidInputException("password", "must be at most " + MAX_LENGTH + " characters");
        }
        String folded = normalized.toLowerCase(Locale.ROOT);
        if (username != null && Username.canonicalize(normalized).equals(username.value())) {
            throw new InvalidInputException("password", "must not be the username");
        }
        if (this.common.contains(folded)) {
            throw new InvalidInputException("password", "is one of the most common passwords; choose another");
        }
        return normalized;
    }

    private static Set<String> load(ClassPathResource resource) {
        Set<String> passwords = new HashSet<>();
        try (InputStream in = resource.getInputStream();
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    passwords.add(normalize(trimmed).toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException ex) {
            throw new IllegalStateException("Cannot read the common-password list", ex);
        }
        return Set.copyOf(passwords);
    }
}
