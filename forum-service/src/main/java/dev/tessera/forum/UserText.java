package dev.tessera.forum;

/**
 * The rules every piece of user-written text follows before it is stored. Text is data: HTML and
 * script are stored and returned as typed, never interpreted here (the web page escapes them).
 *
 * <p>Lengths count characters (Unicode code points) after trimming, as PostgreSQL's
 * {@code char_length} does; white space of every kind (also no-break spaces) is trimmed. Refused:
 * missing or blank text (only white space and invisible format characters), unpaired surrogates, NUL (PostgreSQL
 * cannot store it) and other control characters; a multi-line text may hold tabs and line breaks.
 */
public final class UserText {

    private UserText() {}

    public static String normalize(String field, String raw, int maxLength, boolean multiLine) {
        if (raw == null) {
            throw new InvalidInputException(field, field + " is required");
        }
        String text = trim(raw);
        if (text.codePoints().allMatch(UserText::isBlank)) {
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

    /** Blank: white space of any kind (also no-break spaces) and invisible format characters. */
    private static boolean isBlank(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT;
    }

    private static String trim(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && isSpace(raw.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(raw.charAt(end - 1))) {
            end--;
        }
        return raw.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
