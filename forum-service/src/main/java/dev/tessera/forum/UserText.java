package dev.tessera.forum;

/**
 * The rules every piece of user-written text follows before it is stored. Text is data: HTML and
 * script are stored and returned as typed, never interpreted here (the web page escapes them).
 *
 * <p>Lengths count characters (Unicode code points) after trimming, as PostgreSQL's
 * {@code char_length} does. Refused: missing or blank text, unpaired surrogates, NUL (PostgreSQL
 * cannot store it) and other control characters; a multi-line text may hold tabs and line breaks.
 */
public final class UserText {

    private UserText() {}

    public static String normalize(String field, String raw, int maxLength, boolean multiLine) {
        if (raw == null) {
            throw new InvalidInputException(field, field + " is required");
        }
        String text = raw.strip();
        if (text.isEmpty()) {
            throw new InvalidInputException(field, field + " must not be blank");
        }
        int length = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (Character.isSurrogate((char) c)) {
                throw new InvalidInputException(field, field + " is not valid Unicode text");
            }
            if (Character.getType(c) == Character.CONTROL && !(multiLine && (c == '\n' || c == '\r' || c == '\t'))) {
                throw new InvalidInputException(field, field + " must not contain control characters");
            }
            length++;
            i += Character.charCount(c);
        }
        if (length > maxLength) {
            throw new InvalidInputException(field, field + " must be at most " + maxLength + " characters");
        }
        return text;
    }
}
