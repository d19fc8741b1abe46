package dev.tessera.gateway.route;

import dev.tessera.passport.Passport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
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
 *
 * <p>It also answers which permissions travel to a service in the passport ({@link #permissionsIn}): the caller's
 * permissions of the route's namespace, sorted, at most {@value Passport#MAX_PERMISSIONS}. A namespace of the policy
 * that has more distinct permissions than that is logged once per policy version, and the passports of a caller who
 * holds more than the bound carry the first ones in sorted order: a service then denies what it does not see (fail
 * closed), while a refusal would turn one policy mistake into an outage for every such caller, and the gateway's own
 * {@code permission:NAME} rules, which read the policy and not the passport, still decide with all of them.
 */
public final class RolePermissions {

    private static final Logger logger = LoggerFactory.getLogger(RolePermissions.class);

    private final Set<String> required;

    private volatile Snapshot snapshot;

    private record Snapshot(
            String version,
            Map<String, Set<String>> rolesByPermission,
            Map<String, Map<String, List<String>>> permissionsByNamespaceAndRole) {}

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
        Snapshot snapshot = index("static", rolePermissions);
        warnAboutCrowdedNamespaces(snapshot);
        return new RolePermissions(required, snapshot);
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
     * The permissions that one of the roles grants in a namespace, for the passport's {@code perm}.
     *
     * @param namespace the route's namespace, e.g. {@code forum}: permissions named {@code forum:...}
     * @param roles the caller's roles
     * @return sorted, at most {@value Passport#MAX_PERMISSIONS} (the first ones); empty before the first policy
     */
    public List<String> permissionsIn(String namespace, Collection<String> roles) {
        Snapshot current = snapshot;
        if (current == null || namespace == null) {
            return List.of();
        }
        Map<String, List<String>> byRole =
                current.permissionsByNamespaceAndRole().get(namespace);
        if (byRole == null) {
            return List.of();
        }
        List<String> only = null;
        TreeSet<String> union = null;
        for (String role : roles) {
            List<String> granted = byRole.get(role);
            if (granted == null) {
                continue;
            }
            if (only == null && union == null) {
                only = granted;
            } else {
                if (union == null) {
                    union = new TreeSet<>(only);
                }
                union.addAll(granted);
            }
        }
        if (union == null) {
            // One role (or none) with permissions here: its list is already sorted and bounded.
            return (only == null) ? List.of() : only;
        }
        List<String> sorted = new ArrayList<>(union);
        return (sorted.size() > Passport.MAX_PERMISSIONS)
                ? List.copyOf(sorted.subList(0, Passport.MAX_PERMISSIONS))
                : sorted;
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
        warnAboutCrowdedNamespaces(next);
        if (!ungranted.isEmpty()) {
            logger.warn(
                    "Policy {}: no role is granted {}; rules that name them admit nobody until an administrator"
                            + " grants them (/auth/admin/roles)",
                    version,
                    ungranted);
        }
    }

    private static void warnAboutCrowdedNamespaces(Snapshot snapshot) {
        Map<String, Set<String>> distinct = new TreeMap<>();
        snapshot.permissionsByNamespaceAndRole()
                .forEach((namespace, byRole) -> byRole.values()
                        .forEach(granted -> distinct.computeIfAbsent(namespace, key -> new TreeSet<>())
                                .addAll(granted)));
        distinct.forEach((namespace, permissions) -> {
            if (permissions.size() > Passport.MAX_PERMISSIONS) {
                logger.warn(
                        "Policy {}: namespace '{}' has {} permissions; a passport carries at most {}, so a caller"
                                + " whose roles grant more gets the first {} in sorted order: services deny the rest",
                        snapshot.version(),
                        namespace,
                        permissions.size(),
                        Passport.MAX_PERMISSIONS,
                        Passport.MAX_PERMISSIONS);
            }
        });
    }

    private static Snapshot index(String version, Map<String, ? extends Collection<String>> rolePermissions) {
        Map<String, Set<String>> byPermission = new TreeMap<>();
        Map<String, Map<String, TreeSet<String>>> byNamespace = new HashMap<>();
        rolePermissions.forEach((role, permissions) -> permissions.forEach(permission -> {
            byPermission.computeIfAbsent(permission, key -> new TreeSet<>()).add(role);
            int colon = permission.indexOf(':');
            if (colon > 0) {
                byNamespace
                        .computeIfAbsent(permission.substring(0, colon), key -> new HashMap<>())
                        .computeIfAbsent(role, key -> new TreeSet<>())
                        .add(permission);
            }
        }));
        byPermission.replaceAll((permission, roles) -> Set.copyOf(roles));
        Map<String, Map<String, List<String>>> permissionsByNamespaceAndRole = new HashMap<>();
        byNamespace.forEach((namespace, byRole) -> {
            Map<String, List<String>> lists = new HashMap<>();
            byRole.forEach((role, granted) -> {
                List<String> sorted = List.copyOf(granted);
                lists.put(
                        role,
                        (sorted.size() > Passport.MAX_PERMISSIONS)
                                ? sorted.subList(0, Passport.MAX_PERMISSIONS)
                                : sorted);
            });
            permissionsByNamespaceAndRole.put(namespace, Map.copyOf(lists));
        });
        return new Snapshot(version, Map.copyOf(byPermission), Map.copyOf(permissionsByNamespaceAndRole));
    }
}
