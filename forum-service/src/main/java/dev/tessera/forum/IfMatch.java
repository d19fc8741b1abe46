package dev.tessera.forum;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versions a client's {@code If-Match} header names. The forum's ETags are strong tags holding
 * the row version ({@code "3"}).
 *
 * <p>Contract, stricter than RFC 9110 on purpose: a change (PATCH, DELETE) must carry
 * {@code If-Match}; without it, or with {@code *} (which would match any version), the answer is
 * 428, so no client can overwrite another's edit without having seen it. Weak tags never match
 * (RFC 9110 §13.1.1 uses the strong comparison).
 */
public record IfMatch(Set<Long> versions) {

    private static final Pattern STRONG_TAG = Pattern.compile("\\s*\"(\\d{1,18})\"\\s*");

    public static IfMatch parse(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            throw VersionConflictException.required();
        }
        Set<Long> versions = new HashSet<>();
        for (String tag : header.split(",")) {
            Matcher matcher = STRONG_TAG.matcher(tag);
            if (matcher.matches()) {
                versions.add(Long.parseLong(matcher.group(1)));
            }
        }
        return new IfMatch(Set.copyOf(versions));
    }

    /** Throws 412 unless {@code current} is one of the named versions. */
    public void require(long current) {
        if (!versions.contains(current)) {
            throw VersionConflictException.stale();
        }
    }

    /** The ETag header value for a version. */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }
}
