package dev.tessera.passport;

import java.util.Arrays;

/**
 * One thread's scratch space for {@link PassportSigner}: a growable byte array that the claims are written into as
 * UTF-8 JSON, then encoded as base64url, so that minting allocates the returned token and little else.
 *
 * <p>The JSON is written exactly as nimbus-jose-jwt writes it (Gson with HTML escaping off, then UTF-8): {@code "} and
 * {@code \} escaped with a backslash, {@code \t \b \n \r \f} by their short forms, the other control characters
 * below U+0020 and U+2028/U+2029 as lower-case {@code \}{@code u00XX}; every other character as is, an unpaired
 * surrogate becoming {@code ?} as {@code String.getBytes(UTF_8)} makes it. {@code PassportSignerTests} compares the
 * result with nimbus byte for byte.
 *
 * <p>The base64url encoder is written here because the JDK's {@code Base64.Encoder} encodes only whole arrays (no
 * offset and length), which would cost a copy of the payload per passport; the tests check it against the JDK's.
 * Not thread-safe: one instance per thread.
 */
final class MintingBuffer {

    private static final byte[] BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    byte[] bytes = new byte[2048];

    int length;

    void reset() {
        length = 0;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    void writeByte(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    void writeAscii(byte[] ascii) {
        ensure(ascii.length);
        System.arraycopy(ascii, 0, bytes, length, ascii.length);
        length += ascii.length;
    }

    void writeLong(long value) {
        if (value == Long.MIN_VALUE) {
            writeAscii(Long.toString(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return;
        }
        ensure(20);
        if (value < 0) {
            bytes[length++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + (value % 10));
            value /= 10;
        }
        length += digits;
    }

    /** {@code text} as a JSON string (quoted, escaped as Gson escapes), in UTF-8. */
    void writeJsonString(String text) {
        writeByte('"');
        writeUtf8(text, true);
        writeByte('"');
    }

    /**
     * {@code text} in UTF-8 as {@code String.getBytes(UTF_8)} encodes it (an unpaired surrogate becomes {@code ?}),
     * escaped for JSON when {@code json}.
     */
    void writeUtf8(String text, boolean json) {
        int n = text.length();
        ensure(n * 6);
        byte[] b = bytes;
        int at = length;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (json && (c < 0x20 || c == '"' || c == '\\')) {
                    at = escape(b, at, c);
                } else {
                    b[at++] = (byte) c;
                }
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                char low = (i + 1 < n) ? text.charAt(i + 1) : 0;
                if (Character.isHighSurrogate(c) && Character.isLowSurrogate(low)) {
                    int cp = Character.toCodePoint(c, low);
                    b[at++] = (byte) (0xF0 | (cp >> 18));
                    b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    b[at++] = (byte) (0x80 | (cp & 0x3F));
                    i++;
                } else {
                    b[at++] = '?';
                }
            } else if (json && (c == '\u2028' || c == '\u2029')) {
                at = escape(b, at, c);
            } else {
                b[at++] = (byte) (0xE0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        length = at;
    }

    private static int escape(byte[] b, int at, char c) {
        b[at++] = '\\';
        char shortForm = switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '\t' -> 't';
            case '\b' -> 'b';
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\f' -> 'f';
            default -> 0;
        };
        if (shortForm != 0) {
            b[at++] = (byte) shortForm;
            return at;
        }
        b[at++] = 'u';
        b[at++] = HEX[(c >> 12) & 0xF];
        b[at++] = HEX[(c >> 8) & 0xF];
        b[at++] = HEX[(c >> 4) & 0xF];
        b[at++] = HEX[c & 0xF];
        return at;
    }

    /** Appends base64url without padding (RFC 4648 §5) of {@code source[from, from + count)}. */
    void writeBase64Url(byte[] source, int from, int count) {
        ensure((count + 2) / 3 * 4);
        byte[] b = bytes;
        int at = length;
        int end = from + count;
        int i = from;
        for (; i + 3 <= end; i += 3) {
            int bits = ((source[i] & 0xFF) << 16) | ((source[i + 1] & 0xFF) << 8) | (source[i + 2] & 0xFF);
            b[at++] = BASE64URL[bits >>> 18];
            b[at++] = BASE64URL[(bits >>> 12) & 0x3F];
            b[at++] = BASE64URL[(bits >>> 6) & 0x3F];
            b[at++] = BASE64URL[bits & 0x3F];
        }
        int rest = end - i;
        if (rest == 1) {
            int bits = (source[i] & 0xFF) << 16;
            b[at++] = BASE64URL[bits >>> 18];
            b[at++] = BASE64URL[(bits >>> 12) & 0x3F];
        } else if (rest == 2) {
            int bits = ((source[i] & 0xFF) << 16) | ((source[i + 1] & 0xFF) << 8);
            b[at++] = BASE64URL[bits >>> 18];
            b[at++] = BASE64URL[(bits >>> 12) & 0x3F];
            b[at++] = BASE64URL[(bits >>> 6) & 0x3F];
        }
        length = at;
    }

    /** Appends a UUID in its canonical text form ({@link java.util.UUID#toString()}), lower-case hex. */
    void writeUuid(long most, long least) {
        ensure(36);
        hex(most >>> 32, 8);
        bytes[length++] = '-';
        hex(most >>> 16, 4);
        bytes[length++] = '-';
        hex(most, 4);
        bytes[length++] = '-';
        hex(least >>> 48, 4);
        bytes[length++] = '-';
        hex(least, 12);
    }

    private void hex(long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            bytes[length + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        length += digits;
    }
}
