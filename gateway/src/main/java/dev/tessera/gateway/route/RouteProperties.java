package dev.tessera.gateway.route;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The routes ({@code tessera.gateway.routes.<id>.*}): what the gateway serves, where each path goes, which
 * audience its passports are for, and who may call it. Validated into {@link Routes} at start-up; defaults live
 * in {@code application.yml}. Route ids are lower-case letters and digits only, so that an environment
 * variable names them unambiguously ({@code TESSERA_GATEWAY_ROUTES_FORUM_URI}).
 *
 * @param routes the routes by id
 * @param rolePermissions the permissions each role grants, for rules that say {@code permission:NAME}
 *     ({@code tessera.gateway.role-permissions.MODERATOR=forum:moderate,forum:pin}); role names are compared
 *     upper case, since an environment variable's map key arrives lower case
 */
@ConfigurationProperties("tessera.gateway")
public record RouteProperties(
        @DefaultValue Map<String, Route> routes,
        @DefaultValue Map<String, List<String>> rolePermissions) {

    /**
     * One route. Without {@code uri} it is served by the gateway itself (its page and session endpoints), and
     * has only rules.
     *
     * @param uri the upstream service's base URI, e.g. {@code http://localhost:8082}; none for the gateway's own
     *     paths
     * @param path the public path prefix it owns, e.g. {@code /api/forum} (itself and everything below it)
     * @param upstreamPath what replaces {@code path} on the way upstream; empty (the default) strips it
     * @param audience the upstream's name in the passport's {@code aud}, e.g. {@code forum-service}
     * @param rules the access rules, first match wins; a request no rule matches is denied (404)
     * @param forwardCredentials forward the client's access token (header and session cookies) upstream;
     *     default {@code false}: the passport is all an upstream needs
     * @param forwardClientAuthentication forward {@code Authorization: Basic} upstream even when the access token is
     *     not forwarded: OAuth 2.0 client authentication ({@code client_secret_basic}, RFC 6749 section 2.3.1) for an
     *     upstream that is an authorization server (auth-service's token and introspection endpoints). A Basic header
     *     is a client's password for that upstream, never a token the gateway verified. Default {@code false}
     * @param connectTimeout the upstream connect timeout; default {@code tessera.gateway.connect-timeout}
     * @param responseTimeout the upstream response timeout (then 504); default
     *     {@code tessera.gateway.response-timeout}
     * @param permissionNamespace the namespace of the permissions its passports carry ({@code perm}): of the caller's
     *     permissions, those named {@code <namespace>:...} go to this upstream, at most 64; default the audience
     *     without a trailing {@code -service} ({@code forum-service}: {@code forum})
     */
    public record Route(
            URI uri,
            String path,
            @DefaultValue("") String upstreamPath,
            String audience,
            @DefaultValue List<Rule> rules,
            @DefaultValue("false") boolean forwardCredentials,
            @DefaultValue("false") boolean forwardClientAuthentication,
            Duration connectTimeout,
            Duration responseTimeout,
            String permissionNamespace) {}

    /**
     * One access rule.
     *
     * @param pattern a Spring {@code PathPattern} over the public path, inside the route's {@code path}
     * @param methods the HTTP methods it covers (upper case); empty means every method
     * @param access {@code public}, {@code authenticated}, {@code role:NAME} or {@code permission:NAME}
     * @param csrf how a cookie-authenticated request that changes state proves it comes from the gateway's page:
     *     {@code double-submit} (the default: the {@code X-Tessera-CSRF} header equals the CSRF cookie) or {@code
     *     origin} (its {@code Origin} header alone, which must be present and one of the public origins), for the one
     *     endpoint a plain HTML form posts to, which cannot send a header (the OpenID consent form)
     * @param secondFactor whether the caller must have logged in with a second factor ({@code amr} names one);
     *     without, 401 {@code insufficient_user_authentication} (RFC 9470 step-up): log in again with it
     * @param maxAuthAge how long ago the caller may have logged in at most ({@code auth_time}); older, 401 {@code
     *     insufficient_user_authentication} with {@code max_age}; unset: any age
     */
    public record Rule(
            String pattern,
            @DefaultValue List<String> methods,
            String access,
            @DefaultValue("double-submit") String csrf,
            @DefaultValue("false") boolean secondFactor,
            Duration maxAuthAge) {}
}
