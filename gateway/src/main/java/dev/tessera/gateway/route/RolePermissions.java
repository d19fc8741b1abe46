package dev.tessera.gateway.route;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roles that grant each permission, for {@code permission:NAME} rules: either fixed at start-up from {@code
 * tessera.gateway.role-permissions} ({@link #fixed}), or replaced whenever auth-service's policy changes ({@link
 * #awaitingPolicy}, then {@link #replace}). A look-up is one read of an immutable map: requests never wait for the
 * policy.
 *
 * <p>Default deny: until the first policy arrives, no permission is granted to anyone (role and {@code authenticated}
 * rules are not affected); a permission that no role grants, now or after a change, admits nobody and is logged as a
 * warning, since a role may be given it later. A policy that cannot be fetched any more leaves the last one in force,
 * like the revocation list and the keys.
 */
public final class RolePermissions {

    private static final Logger logger = LoggerFactory.getLogger(RolePermissions.class);

    private final Set<String> required;

    private volatile Snapshot snapshot;

    private record Snapshot(String version, Map<String, Set<String>> rolesByPermission) {}

    private RolePermissions(Set<String> required, Snapshot snapshot) {
        this.required = Set.copyOf(required);
        this.snapshot = snapshot;
    }

    /**
     * A policy fixed at start-up.
     *
     * @param rolePermissions the permissions of each role (role names upper case)
     * @param required the permissions the rules name
     * @return the policy
     */
    public static RolePermissions fixed(
            Map<String, ? extends Collection<String>> rolePermissions, Set<String> required) {
        return new RolePermissions(required, index("static", rolePermissions));
    }

    /**
     * A policy that grants nothing until {@link #replace} gives it auth-service's.
     *
     * @param required the permissions the rules name, to warn about those no role grants
     * @return the policy
     */
    public static RolePermissions awaitingPolicy(Set<String> required) {
        return new RolePermissions(required, null);
    }

    /**
     * Whether one of the roles is granted the permission.
     *
     * @param permission the permission a rule names
     * @param roles the caller's roles
     * @return {@code false} before the first policy and for a permission no role of the caller grants
     */
    public boolean grants(String permission, Collection<String> roles) {
        Snapshot current = snapshot;
        if (current == null) {
            return false;
        }
        Set<String> granting = current.rolesByPermission().getOrDefault(permission, Set.of());
        for (String role : roles) {
            if (granting.contains(role)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The roles that grant a permission now.
     *
     * @param permission the permission
     * @return the roles; empty before the first policy
     */
    public Set<String> rolesGranting(String permission) {
        Snapshot current = snapshot;
        return (current == null) ? Set.of() : current.rolesByPermission().getOrDefault(permission, Set.of());
    }

    /**
     * The version of the policy in force.
     *
     * @return auth-service's version, {@code static} for a fixed policy, {@code null} before the first
     */
    public String version() {
        Snapshot current = snapshot;
        return (current == null) ? null : current.version();
    }

    /**
     * Puts a policy fetched from auth-service in force at once (the policy feed's call).
     *
     * @param version the policy's version
     * @param rolePermissions the permissions of each role
     */
    public void replace(String version, Map<String, ? extends Collection<String>> rolePermissions) {
        Snapshot next = index(version, rolePermissions);
        this.snapshot = next;
        Set<String> ungranted = new TreeSet<>(required);
        ungranted.removeAll(next.rolesByPermission().keySet());
        if (!ungranted.isEmpty()) {
            logger.warn(
                    "Policy {}: no role is granted {}; rules that name them admit nobody until an administrator"
                            + " grants them (/auth/admin/roles)",
                    version,
                    ungranted);
        }
    }

    private static Snapshot index(String version, Map<String, ? extends Collection<String>> rolePermissions) {
        Map<String, Set<String>> byPermission = new TreeMap<>();
        rolePermissions.forEach((role, permissions) -> permissions.forEach(permission ->
                byPermission.computeIfAbsent(permission, key -> new TreeSet<>()).add(role)));
        byPermission.replaceAll((permission, roles) -> Set.copyOf(roles));
        return new Snapshot(version, Map.copyOf(byPermission));
    }
}
