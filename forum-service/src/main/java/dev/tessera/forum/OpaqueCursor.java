package dev.tessera.forum;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The keyset position a page ends at, handed to clients as an opaque token. Clients must not
 * build or read cursors; the format may change. A cursor that does not decode is a 400.
 *
 * <p>Either a time and an id (order by time, ties broken by id), or a position alone.
 */
public record OpaqueCursor(Instant time, UUID id, long position) {

    private static final String VERSION = "1";

    public static OpaqueCursor at(Instant time, UUID id) {
        return new OpaqueCursor(time, id, 0);
    }

    public static OpaqueCursor at(long position) {
        return new OpaqueCursor(null, null, position);
    }

    public String encode() {
        String text = (time != null)
                ? VERSION + "|t|" + time.getEpochSecond() + "|" + time.getNano() + "|" + id
                : VERSION + "|p|" + position;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a time-and-id cursor; {@code null} for the first page. */
    public static OpaqueCursor decodeTimed(String cursor) {
        if (cursor == null) {
            return null;
        }
        String[] parts = split(cursor);
        if (parts.length != 5 || !parts[1].equals("t")) {
            throw invalid();
        }
        try {
            Instant time = Instant.ofEpochSecond(Long.parseLong(parts[2]), Long.parseLong(parts[3]));
            return at(time, UUID.fromString(parts[4]));
        } catch (RuntimeException ex) {
            throw invalid();
        }
    }

    /** Decodes a position cursor; {@code null} for the first page. */
    public static OpaqueCursor decodePosition(String cursor) {
        if (cursor == null) {
            return null;
        }
        String[] parts = split(cursor);
        if (parts.length != 3 || !parts[1].equals("p")) {
            throw invalid();
        }
        try {
            long position = Long.parseLong(parts[2]);
            if (position < 0) {
                throw invalid();
            }
            return at(position);
        } catch (NumberFormatException ex) {
            throw invalid();
        }
    }

    private static String[] split(String cursor) {
        if (cursor.length() > 200) {
            throw invalid();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = text.split("\\|", -1);
            if (!parts[0].equals(VERSION)) {
                throw invalid();
            }
            return parts;
        } catch (IllegalArgumentException ex) {
            throw invalid();
        }
    }

    private static InvalidInputException invalid() {
        return new InvalidInputException("cursor", "cursor is not one this service handed out");
    }
}
