package dev.tessera.gateway.route;

import dev.tessera.gateway.edge.EdgeFilter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * The validated routes: every check that can be made before the first request is made here, and a mistake
 * stops start-up with a message that names the route and the entry ({@link InvalidRouteException}).
 *
 * <p>Upstream routes own disjoint path prefixes, so at most one of them can match a request; each rule of a
 * route lies inside its prefix and is reachable (no earlier rule of the route covers it for all its methods).
 * Rules of the gateway's own route (no {@code uri}) lie outside every upstream prefix.
 */
public final class Routes {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]{0,31}");

    private static final Pattern AUDIENCE = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /** A permission's first part: the permission grammar ({@link Access}) without {@code ':'}. */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9]*([._-][a-z0-9]+)*");

    /** One or more segments of unreserved characters: no wildcard, encoding, dot segment or parameter. */
    private static final Pattern PREFIX = Pattern.compile("(/(?!\\.{1,2}(/|$))[A-Za-z0-9._~-]+)+");

    private final List<Route> routes;

    private Routes(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /**
     * Validates the configured routes.
     *
     * @param configured the routes by id
     * @param connectTimeout the default upstream connect timeout
     * @param responseTimeout the default upstream response timeout
     * @return the routes
     * @throws InvalidRouteException naming the first offending entry
     */
    public static Routes of(
            Map<String, RouteProperties.Route> configured, Duration connectTimeout, Duration responseTimeout) {
        return of(configured, Map.of(), connectTimeout, responseTimeout);
    }

    /**
     * Validates the configured routes and, with a static policy, resolves their {@code permission:NAME} rules.
     *
     * @param configured the routes by id
     * @param rolePermissions the permissions each role grants (any case; compared upper case), a rule whose
     *     permission no role grants being refused; {@code null} when auth-service's policy grants them at run time
     *     ({@code RolePermissions}), so that no rule is refused for it
     * @param connectTimeout the default upstream connect timeout
     * @param responseTimeout the default upstream response timeout
     * @return the routes
     * @throws InvalidRouteException naming the first offending entry
     */
    public static Routes of(
            Map<String, RouteProperties.Route> configured,
            Map<String, ? extends Collection<String>> rolePermissions,
            Duration connectTimeout,
            Duration responseTimeout) {
        Map<String, Set<String>> permissions = (rolePermissions == null) ? null : new TreeMap<>();
        (rolePermissions == null ? Map.<String, Collection<String>>of() : rolePermissions).forEach((role, granted) -> {
            String name = role.strip().toUpperCase(Locale.ROOT);
            if (name.isEmpty() || permissions.containsKey(name)) {
                throw new InvalidRouteException(
                        "tessera.gateway.role-permissions: role '" + role + "' is empty or named twice");
            }
            Set<String> parsed = new LinkedHashSet<>();
            for (String permission : granted) {
                try {
                    parsed.add(Access.parse("permission:" + permission).name());
                } catch (IllegalArgumentException ex) {
                    throw new InvalidRouteException(
                            "tessera.gateway.role-permissions." + role + ": " + ex.getMessage());
                }
            }
            permissions.put(name, parsed);
        });
        if (configured.isEmpty()) {
            throw new InvalidRouteException("No routes configured (tessera.gateway.routes)");
        }
        List<Route> routes = new ArrayList<>();
        configured.forEach(
                (id, route) -> routes.add(Route.of(id, route, permissions, connectTimeout, responseTimeout)));
        List<Route> upstream = routes.stream().filter(Route::isUpstream).toList();
        for (int i = 0; i < upstream.size(); i++) {
            for (int j = i + 1; j < upstream.size(); j++) {
                Route a = upstream.get(i);
                Route b = upstream.get(j);
                if (within(a.path(), b.path()) || within(b.path(), a.path())) {
                    throw new InvalidRouteException("Routes '" + a.id() + "' (" + a.path() + ") and '" + b.id() + "' ("
                            + b.path() + ") overlap: a path prefix belongs to one route");
                }
            }
        }
        for (Route own : routes.stream().filter(route -> !route.isUpstream()).toList()) {
            for (Rule rule : own.rules()) {
                for (Route other : upstream) {
                    if (within(literalPrefix(rule.text()), other.path())) {
                        throw new InvalidRouteException(name(own, rule) + " lies inside route '" + other.id() + "' ("
                                + other.path() + "): it would never be reached");
                    }
                }
            }
        }
        return new Routes(routes);
    }

    /**
     * The routes, in configuration order.
     *
     * @return the routes
     */
    public List<Route> all() {
        return routes;
    }

    /**
     * The upstream route that owns a public path, or else the gateway's own routes: the routes whose rules
     * decide a request.
     *
     * @param path the request's public path
     * @return the candidate routes, possibly empty
     */
    public List<Route> candidates(PathContainer path) {
        String value = path.value();
        for (Route route : routes) {
            if (route.isUpstream() && within(value, route.path())) {
                return List.of(route);
            }
        }
        return routes.stream().filter(route -> !route.isUpstream()).toList();
    }

    /** Whether {@code path} is {@code prefix} itself or below it, segment-wise. */
    static boolean within(String path, String prefix) {
        if (prefix.isEmpty()) {
            return true;
        }
        return path.equals(prefix) || (path.startsWith(prefix) && path.charAt(prefix.length()) == '/');
    }

    /** The leading segments of a pattern up to its first wildcard or variable. */
    private static String literalPrefix(String pattern) {
        StringBuilder prefix = new StringBuilder();
        for (String segment : pattern.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.contains("*") || segment.contains("{") || segment.contains("?")) {
                break;
            }
            prefix.append('/').append(segment);
        }
        return prefix.toString();
    }

    private static String name(Route route, Rule rule) {
        return "Route '" + route.id() + "', rule #" + rule.index() + " (" + rule.text() + ")";
    }

    /**
     * A validated route.
     *
     * @param id its id
     * @param uri the upstream, {@code null} for the gateway's own paths
     * @param path the public prefix, {@code null} for the gateway's own paths
     * @param upstreamPath what replaces the prefix upstream
     * @param audience the passport audience, {@code null} for the gateway's own paths
     * @param rules the rules in order
     * @param forwardCredentials whether the client's access token goes upstream
     * @param forwardClientAuthentication whether {@code Authorization: Basic} goes upstream
     * @param connectTimeout the connect timeout
     * @param responseTimeout the response timeout
     * @param permissionNamespace the namespace of the permissions its passports carry, {@code null} for the gateway's
     *     own paths
     */
    public record Route(
            String id,
            URI uri,
            String path,
            String upstreamPath,
            String audience,
            List<Rule> rules,
            boolean forwardCredentials,
            boolean forwardClientAuthentication,
            Duration connectTimeout,
            Duration responseTimeout,
            String permissionNamespace) {

        /**
         * Whether requests on this route go to an upstream service.
         *
         * @return {@code false} for the gateway's own paths
         */
        public boolean isUpstream() {
            return uri != null;
        }

        static Route of(
                String id,
                RouteProperties.Route route,
                Map<String, Set<String>> permissions,
                Duration connectTimeout,
                Duration responseTimeout) {
            if (!ID.matcher(id).matches()) {
                throw new InvalidRouteException("Route id '" + id + "' must be lower-case letters and digits"
                        + " (at most 32, starting with a letter), so an environment variable can name it");
            }
            String where = "Route '" + id + "'";
            if (route.rules().isEmpty()) {
                throw new InvalidRouteException(where + " has no rules: nothing would be reachable");
            }
            String path = null;
            String upstreamPath = "";
            String audience = null;
            String namespace = null;
            if (route.uri() != null) {
                URI uri = route.uri();
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                        || uri.getHost() == null
                        || uri.getRawQuery() != null
                        || uri.getRawFragment() != null
                        || uri.getRawUserInfo() != null
                        || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !"/".equals(uri.getRawPath()))) {
                    throw new InvalidRouteException(where + " uri '" + uri
                            + "' must be http(s)://host[:port] (the path belongs in upstream-path)");
                }
                path = route.path();
                if (path == null || !PREFIX.matcher(path).matches()) {
                    throw new InvalidRouteException(where + " needs a path: a literal prefix such as /api/forum"
                            + " (no trailing slash, wildcard, encoding, '..' or ';'), not '" + path + "'");
                }
                upstreamPath = route.upstreamPath();
                if (!upstreamPath.isEmpty() && !PREFIX.matcher(upstreamPath).matches()) {
                    throw new InvalidRouteException(
                            where + " upstream-path '" + upstreamPath + "' must be empty or a literal prefix");
                }
                audience = route.audience();
                if (audience == null || !AUDIENCE.matcher(audience).matches()) {
                    throw new InvalidRouteException(where + " needs an audience: the upstream's name in its"
                            + " passports, such as forum-service (lower case, digits, inner dashes), not '" + audience
                            + "'");
                }
                namespace = (route.permissionNamespace() != null)
                        ? route.permissionNamespace()
                        : audience.endsWith("-service")
                                ? audience.substring(0, audience.length() - "-service".length())
                                : audience;
                if (!NAMESPACE.matcher(namespace).matches()) {
                    throw new InvalidRouteException(where + " permission-namespace '" + namespace + "' must be the"
                            + " first part of a permission name, such as forum (lower case, digits, no ':')");
                }
            } else if (route.path() != null
                    || !route.upstreamPath().isEmpty()
                    || route.audience() != null
                    || route.permissionNamespace() != null
                    || route.forwardCredentials()
                    || route.forwardClientAuthentication()
                    || route.connectTimeout() != null
                    || route.responseTimeout() != null) {
                throw new InvalidRouteException(where + " has no uri, so it is served by the gateway itself:"
                        + " path, upstream-path, audience, permission-namespace, forward-credentials,"
                        + " forward-client-authentication and"
                        + " timeouts do not apply");
            }
            List<Rule> rules = new ArrayList<>();
            for (int i = 0; i < route.rules().size(); i++) {
                Rule rule = Rule.of(where, i, route.rules().get(i), permissions);
                if (path != null && !within(literalPrefix(rule.text()), path)) {
                    throw new InvalidRouteException(
                            where + ", rule #" + i + " (" + rule.text() + ") lies outside the route's path " + path);
                }
                for (Rule earlier : rules) {
                    if (earlier.covers(rule)) {
                        throw new InvalidRouteException(where + ", rule #" + i + " (" + rule.text() + " "
                                + rule.methodsText() + ") is unreachable: rule #" + earlier.index() + " ("
                                + earlier.text() + " " + earlier.methodsText() + ") matches first");
                    }
                }
                rules.add(rule);
            }
            return new Route(
                    id,
                    route.uri(),
                    path,
                    upstreamPath,
                    audience,
                    rules,
                    route.forwardCredentials(),
                    route.forwardClientAuthentication(),
                    (route.connectTimeout() != null) ? route.connectTimeout() : connectTimeout,
                    (route.responseTimeout() != null) ? route.responseTimeout() : responseTimeout,
                    namespace);
        }
    }

    /**
     * A validated rule.
     *
     * @param index its position in the route
     * @param text the pattern as configured
     * @param pattern the parsed pattern
     * @param methods the methods it covers; empty means every method
     * @param access what it demands
     * @param csrf how a cookie-authenticated request that changes state proves where it comes from
     */
    public record Rule(
            int index,
            String text,
            PathPattern pattern,
            Set<String> methods,
            Access access,
            CsrfProof csrf,
            boolean secondFactor,
            Duration maxAuthAge) {

        /**
         * Whether this rule decides a request.
         *
         * @param method the request method, compared case-sensitively
         * @param path the public path
         * @return {@code true} if both match
         */
        public boolean matches(String method, PathContainer path) {
            return (methods.isEmpty() || methods.contains(method)) && pattern.matches(path);
        }

        static Rule of(String where, int index, RouteProperties.Rule rule, Map<String, Set<String>> permissions) {
            String at = where + ", rule #" + index;
            String text = rule.pattern();
            if (text == null || !text.startsWith("/")) {
                throw new InvalidRouteException(at + " needs a pattern starting with '/', not '" + text + "'");
            }
            PathPattern pattern;
            try {
                pattern = PathPatternParser.defaultInstance.parse(text);
            } catch (PatternParseException ex) {
                throw new InvalidRouteException(at + " pattern '" + text + "' does not parse: " + ex.getMessage());
            }
            Set<String> methods = new LinkedHashSet<>();
            for (String method : rule.methods()) {
                String name = (method == null) ? "" : method.strip().toUpperCase(Locale.ROOT);
                if (!EdgeFilter.METHODS.contains(name)) {
                    throw new InvalidRouteException(
                            at + " method '" + method + "' is not one of " + EdgeFilter.METHODS);
                }
                methods.add(name);
            }
            Access access;
            try {
                access = Access.parse(rule.access());
                if (permissions != null) {
                    access = access.resolve(permissions);
                }
            } catch (IllegalArgumentException ex) {
                throw new InvalidRouteException(at + ": " + ex.getMessage());
            }
            CsrfProof csrf;
            String proof = (rule.csrf() == null)
                    ? "double-submit"
                    : rule.csrf().strip().toLowerCase(Locale.ROOT);
            switch (proof) {
                case "double-submit" -> csrf = CsrfProof.DOUBLE_SUBMIT;
                case "origin" -> csrf = CsrfProof.ORIGIN;
                default ->
                    throw new InvalidRouteException(
                            at + " csrf must be double-submit or origin, not '" + rule.csrf() + "'");
            }
            Duration maxAuthAge = rule.maxAuthAge();
            if ((rule.secondFactor() || maxAuthAge != null) && access.isPublic()) {
                throw new InvalidRouteException(
                        at + " is public: second-factor and max-auth-age need a caller (authenticated, a role or a"
                                + " permission)");
            }
            if (maxAuthAge != null && (maxAuthAge.isNegative() || maxAuthAge.isZero())) {
                throw new InvalidRouteException(at + " max-auth-age must be positive, not " + maxAuthAge);
            }
            return new Rule(index, text, pattern, Set.copyOf(methods), access, csrf, rule.secondFactor(), maxAuthAge);
        }

        /**
         * Whether every request this later rule would match is already decided by this one. Conservative: an
         * equal pattern, or a literal prefix ending in {@code /**} that contains the other's literal prefix.
         */
        boolean covers(Rule later) {
            if (!methods.isEmpty() && (later.methods.isEmpty() || !methods.containsAll(later.methods))) {
                return false;
            }
            if (text.equals(later.text)) {
                return true;
            }
            if (!text.endsWith("/**")) {
                return false;
            }
            String base = text.substring(0, text.length() - 3);
            return literalPrefix(text).equals(base) && within(literalPrefix(later.text), base);
        }

        String methodsText() {
            return methods.isEmpty() ? "[any method]" : methods.toString();
        }
    }

    /** How a cookie-authenticated request that changes state proves it comes from the gateway's page. */
    public enum CsrfProof {
        /** The {@code X-Tessera-CSRF} header equals the CSRF cookie, and no foreign {@code Origin}. */
        DOUBLE_SUBMIT,
        /** An {@code Origin} header, exactly one of the public origins: for a plain HTML form, which sends no header. */
        ORIGIN
    }

    /** A route configuration that cannot work; the message names the route and the entry. */
    public static final class InvalidRouteException extends IllegalStateException {

        InvalidRouteException(String message) {
            super(message);
        }
    }
}
