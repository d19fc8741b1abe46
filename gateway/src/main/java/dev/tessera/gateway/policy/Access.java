package dev.tessera.gateway.policy;

import java.util.Locale;

/**
 * What a rule demands: nothing, an authenticated caller, or a caller with a role.
 *
 * @param kind the kind
 * @param role the role for {@link Kind#ROLE}, else {@code null}
 */
public record Access(Kind kind, String role) {

    /** The kinds of access. */
    public enum Kind {
        PUBLIC,
        AUTHENTICATED,
        ROLE
    }

    /**
     * Parses a rule's access text.
     *
     * @param text {@code public}, {@code authenticated} or {@code role:NAME}
     * @return the access
     * @throws IllegalArgumentException for anything else
     */
    public static Access parse(String text) {
        String value = (text == null) ? "" : text.strip();
        if (value.regionMatches(true, 0, "role:", 0, 5) && value.length() > 5) {
            return new Access(Kind.ROLE, value.substring(5).strip());
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "public" -> new Access(Kind.PUBLIC, null);
            case "authenticated" -> new Access(Kind.AUTHENTICATED, null);
            default ->
                throw new IllegalArgumentException(
                        "Access must be public, authenticated or role:NAME, not '" + text + "'");
        };
    }

    /**
     * Whether the rule lets anyone in.
     *
     * @return {@code true} for {@code public}
     */
    public boolean isPublic() {
        return kind == Kind.PUBLIC;
    }
}
