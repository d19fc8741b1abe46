package dev.tessera.gateway.route;

import java.util.Collection;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;

/**
 * Decides what a request needs: the first rule of the route that owns its path (or of the gateway's own
 * paths) that matches method and path. {@link #match} answers {@code null} (deny) when none matches.
 */
@Component
public final class AccessPolicy {

    private final Routes routes;

    private final RolePermissions permissions;

    AccessPolicy(Routes routes, RolePermissions permissions) {
        this.routes = routes;
        this.permissions = permissions;
    }

    /**
     * Whether a caller with these roles satisfies a rule's access: a {@code permission:NAME} rule asks the policy in
     * force now ({@link RolePermissions}), every other kind decides by itself ({@link Access#admits}).
     *
     * @param access the rule's access
     * @param roles the caller's roles
     * @return {@code true} if the caller may pass
     */
    public boolean admits(Access access, Collection<String> roles) {
        if (access.kind() == Access.Kind.PERMISSION) {
            return permissions.grants(access.name(), roles);
        }
        return access.admits(roles);
    }

    /**
     * The access the first matching rule demands.
     *
     * @param method the request method, compared case-sensitively (HTTP methods are)
     * @param path the public request path
     * @return the access, or {@code null} when no rule matches (deny)
     */
    public Access match(String method, PathContainer path) {
        Routes.Rule rule = rule(method, path);
        return (rule != null) ? rule.access() : null;
    }

    /**
     * The first matching rule.
     *
     * @param method the request method, compared case-sensitively (HTTP methods are)
     * @param path the public request path
     * @return the rule, or {@code null} when none matches (deny)
     */
    public Routes.Rule rule(String method, PathContainer path) {
        for (Routes.Route route : routes.candidates(path)) {
            for (Routes.Rule rule : route.rules()) {
                if (rule.matches(method, path)) {
                    return rule;
                }
            }
        }
        return null;
    }
}
