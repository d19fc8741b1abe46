package dev.tessera.auth.account;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Password rules after NIST SP 800-63B-4: at least {@code min-length} (default 15, the length 800-63B-4 asks
 * for while a password is the only factor) or {@code min-length-with-second-factor} (default 8, its floor when
 * the account has a second factor) and at most 128 characters (Unicode code points after NFKC), any
 * character, no composition rules; the username itself is refused, and so is anything a strength estimator
 * finds easy to guess.
 *
 * <p>The estimator is zxcvbn (zxcvbn4j): it knows the 30,000 most common passwords of its leaked-password
 * corpus, English words, names and surnames, keyboard patterns, repeats, sequences, dates and l33t
 * substitutions, and counts the context words (the username, the display name, the service's name) as the
 * first words an attacker tries. A password must reach {@code min-score} (default 3: an estimated 10^8 or more
 * guesses). Only the first 64 characters are estimated: the estimator's cost grows about with the cube of the
 * length (≈ 7 ms at 64 characters, ≈ 50 ms at 128 on the 2-core test machine), and 64 characters that are easy
 * to guess do not make a good password by being followed by more.
 *
 * <p>Passwords are normalized with NFKC before hashing (800-63B 3.1.1.2), on registration and login alike,
 * so the same password typed on another keyboard still matches. Existing passwords are never re-judged: the
 * rules apply when a password is set.
 */
@Component
class PasswordPolicy {

    static final int MAX_LENGTH = 128;

    /** The longest prefix the estimator judges (see the class comment). */
    static final int MAX_ESTIMATED_LENGTH = 64;

    /** Context words every password is checked against, besides the account's own names. */
    private static final List<String> SERVICE_WORDS = List.of("tessera");

    private final Zxcvbn estimator = new Zxcvbn();

    private final PasswordProperties properties;

    PasswordPolicy(PasswordProperties properties) {
        this.properties = properties;
    }

    /** The form of a password that is hashed and compared. */
    static String normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    /**
     * Whether a password is long enough to be an account's only factor: asked before the last second factor goes.
     */
    boolean longEnoughAlone(String password) {
        String normalized = normalize(password);
        return normalized.codePointCount(0, normalized.length()) >= this.properties.minLength();
    }

    int singleFactorMinLength() {
        return this.properties.minLength();
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
        return check(password, username, null, false);
    }

    /**
     * Checks a new password against the rules and the account's context words, and returns its normalized
     * form.
     *
     * @param displayName the account's display name, or {@code null}
     * @param secondFactor whether the account has a second factor (the shorter minimum applies)
     * @throws InvalidInputException with the reason
     */
    String check(String password, Username username, String displayName, boolean secondFactor) {
        if (password == null || password.isEmpty()) {
            throw new InvalidInputException("password", "must not be empty");
        }
        if (password.length() > 4 * MAX_LENGTH) {
            throw new InvalidInputException("password", "must be at most " + MAX_LENGTH + " characters");
        }
        String normalized = normalize(password);
        int length = normalized.codePointCount(0, normalized.length());
        int minLength = secondFactor ? this.properties.minLengthWithSecondFactor() : this.properties.minLength();
        if (length < minLength) {
            throw new InvalidInputException("password", "must be at least " + minLength + " characters");
        }
        if (length > MAX_LENGTH) {
            throw new InvalidInputException("password", "must be at most " + MAX_LENGTH + " characters");
        }
        if (username != null && Username.canonicalize(normalized).equals(username.value())) {
            throw new InvalidInputException("password", "must not be the username");
        }
        Strength strength = this.estimator.measure(estimated(normalized), contextWords(username, displayName));
        if (strength.getScore() < this.properties.minScore()) {
            throw new InvalidInputException("password", tooEasy(strength));
        }
        return normalized;
    }

    private static String estimated(String normalized) {
        int codePoints = normalized.codePointCount(0, normalized.length());
        if (codePoints <= MAX_ESTIMATED_LENGTH) {
            return normalized;
        }
        return normalized.substring(0, normalized.offsetByCodePoints(0, MAX_ESTIMATED_LENGTH));
    }

    private static List<String> contextWords(Username username, String displayName) {
        List<String> words = new ArrayList<>(SERVICE_WORDS);
        if (username != null) {
            words.add(username.value());
        }
        if (displayName != null && !displayName.isBlank()) {
            words.add(displayName.toLowerCase(Locale.ROOT));
            for (String part : displayName.toLowerCase(Locale.ROOT).split("\\s+")) {
                if (part.length() >= 3) {
                    words.add(part);
                }
            }
        }
        return words;
    }

    /** The reason, with the estimator's own warning when it has one (a fixed English text, never the input). */
    private static String tooEasy(Strength strength) {
        String warning = strength.getFeedback().getWarning(Locale.ENGLISH);
        String why = (warning == null || warning.isBlank())
                ? ""
                : " (" + warning.strip().replaceAll("\\.$", "") + ")";
        return "is too easy to guess" + why + "; a longer phrase of unrelated words works well";
    }
}
