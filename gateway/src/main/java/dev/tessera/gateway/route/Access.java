package dev.tessera.gateway.route;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a rule demands: nothing, an authenticated caller, a caller with a role, or a caller with a permission.
 *
 * <p>A permission names what a set of roles may do: tokens carry roles only, and the mapping from roles to
 * permissions is a policy, by default auth-service's, which administrators change at run time ({@code
 * /auth/admin/roles}) and the gateway polls; {@link AccessPolicy#admits} asks the one in force. With {@code
 * tessera.gateway.policy.enabled=false} the static {@code tessera.gateway.role-permissions.<ROLE>} is the policy,
 * resolved once at start-up into the roles that grant each permission ({@link #grantedBy}). Either way a rule can
 * say {@code permission:forum:moderate} without naming roles, and nobody re-issues tokens when the policy changes.
 *
 * @param kind the kind
 * @param name the role for {@link Kind#ROLE}, the permission for {@link Kind#PERMISSION}, else {@code null}
 * @param grantedBy the roles that satisfy the rule: the role itself for {@link Kind#ROLE}, the roles granted the
 *     permission for {@link Kind#PERMISSION} (empty until {@link #resolve resolved}), else empty
 */
public record Access(Kind kind, String name, Set<String> grantedBy) {

    private static final Pattern PERMISSION = Pattern.compile("[a-z][a-z0-9]*([:._-][a-z0-9]+)*");

    /** The kinds of access. */
    public enum Kind {
        PUBLIC,
        AUTHENTICATED,
        ROLE,
        PERMISSION
    }

    public Access {
        grantedBy = Set.copyOf(grantedBy);
    }

    /**
     * An access without a name ({@code public}, {@code authenticated}) or for a role.
     *
     * @param kind the kind
     * @param name the role for {@link Kind#ROLE}, else {@code null}
     */
    public Access(Kind kind, String name) {
        this(kind, name, (kind == Kind.ROLE) ? Set.of(name) : Set.of());
    }

    /**
     * Parses a rule's access text. A permission is left unresolved: see {@link #resolve}.
     *
     * @param text {@code public}, {@code authenticated}, {@code role:NAME} or {@code permission:NAME}
     * @return the access
     * @throws IllegalArgumentException for anything else
     */
    public static Access parse(String text) {
        String value = (text == null) ? "" : text.strip();
        if (value.regionMatches(true, 0, "role:", 0, 5) && value.length() > 5) {
            return new Access(Kind.ROLE, value.substring(5).strip());
        }
        if (value.regionMatches(true, 0, "permission:", 0, 11) && value.length() > 11) {
            String permission = value.substring(11).strip();
            if (!PERMISSION.matcher(permission).matches()) {
                throw new IllegalArgumentException("Permission '" + permission
                        + "' must be lower case letters and digits, separated by ':', '.', '_' or '-'");
            }
            return new Access(Kind.PERMISSION, permission, Set.of());
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "public" -> new Access(Kind.PUBLIC, null);
            case "authenticated" -> new Access(Kind.AUTHENTICATED, null);
            default ->
                throw new IllegalArgumentException(
                        "Access must be public, authenticated, role:NAME or permission:NAME, not '" + text + "'");
        };
    }

    /**
     * For a permission, the same access with the roles that are granted it; other kinds are returned as they are.
     *
     * @param rolePermissions the permissions of each role (role names upper case)
     * @return the resolved access
     * @throws IllegalArgumentException if no role is granted the permission: the rule could never admit anyone
     */
    public Access resolve(Map<String, ? extends Collection<String>> rolePermissions) {
        if (kind != Kind.PERMISSION) {
            return this;
        }
        Set<String> roles = new TreeSet<>();
        rolePermissions.forEach((role, permissions) -> {
            if (permissions.contains(name)) {
                roles.add(role);
            }
        });
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("permission '" + name
                    + "' is granted to no role in tessera.gateway.role-permissions: the rule would admit nobody");
        }
        return new Access(kind, name, roles);
    }

    /**
     * Whether a caller with these roles satisfies a role or permission rule ({@code public} and {@code
     * authenticated} rules are decided before any role is looked at).
     *
     * @param roles the caller's roles
     * @return {@code true} if one of them grants the access (for a permission: per {@link #grantedBy}, the static
     *     policy; requests are decided by {@link AccessPolicy#admits}), or the access needs no role
     */
    public boolean admits(Collection<String> roles) {
        if (kind != Kind.ROLE && kind != Kind.PERMISSION) {
            return true;
        }
        for (String role : roles) {
            if (grantedBy.contains(role)) {
                return true;
            }
        }
        return false;
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
