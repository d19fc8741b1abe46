package dev.tessera.gateway.passport;

import dev.tessera.gateway.caller.AccessToken;
import dev.tessera.gateway.edge.EdgeAttributes;
import dev.tessera.gateway.route.RolePermissions;
import dev.tessera.gateway.route.RouteMetadata;
import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSigner;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Mints the passport for the routed request, as late as possible: after every route filter rewrote the
 * path and after the upstream URL was fixed, so the {@code req} binding covers the method and raw path the
 * upstream really receives. The passport is signed with the key of the route's audience only, and carries the
 * client address the gateway decided ({@code cip}): upstreams get no {@code X-Forwarded-For} to believe. Removes
 * the access token (header) and the gateway's session cookies (access, refresh and CSRF) unless the route's
 * metadata {@value RouteMetadata#FORWARD_CREDENTIALS} is {@code true}; keeps {@code Authorization: Basic} (OAuth client
 * authentication, never a token the gateway verified) when {@value RouteMetadata#FORWARD_CLIENT_AUTHENTICATION} is {@code true}.
 *
 * <p>A signed-in caller's passport carries, in {@code perm}, the permissions the policy in force gives the caller's
 * roles in the route's namespace ({@value RouteMetadata#PERMISSION_NAMESPACE}), sorted and bounded ({@link
 * RolePermissions#permissionsIn}): read at minting time, so a policy change reaches services with the next request.
 */
public final class PassportMintingFilter implements GlobalFilter, Ordered {

    private final PassportSigners signers;
    private final RolePermissions permissions;
    private final Set<String> sessionCookies;

    PassportMintingFilter(PassportSigners signers, RolePermissions permissions, Set<String> sessionCookies) {
        this.signers = signers;
        this.permissions = permissions;
        this.sessionCookies = Set.copyOf(sessionCookies);
    }

    @Override
    public int getOrder() {
        return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        URI upstream = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
        Object audience = (route != null) ? route.getMetadata().get(RouteMetadata.AUDIENCE) : null;
        if (audience == null || upstream == null) {
            return Mono.error(new IllegalStateException("Route without a passport audience"));
        }
        ServerHttpRequest request = exchange.getRequest();
        String path = (upstream.getRawPath() == null || upstream.getRawPath().isEmpty()) ? "/" : upstream.getRawPath();
        AccessToken token = AccessToken.of(exchange);
        Passport caller = (token != null)
                ? Passport.caller(
                                token.subject(),
                                token.username(),
                                token.roles(),
                                token.sessionId(),
                                token.tokenId(),
                                token.methods(),
                                token.authTime())
                        .withPermissions(permissions.permissionsIn(
                                (String) route.getMetadata().get(RouteMetadata.PERMISSION_NAMESPACE), token.roles()))
                : Passport.anonymous(audience.toString(), null, null);
        String passport = signers.forAudience(audience.toString())
                .sign(
                        caller,
                        audience.toString(),
                        request.getMethod().name(),
                        path,
                        EdgeAttributes.clientAddressLiteral(exchange));
        boolean forwardCredentials = Boolean.TRUE.equals(route.getMetadata().get(RouteMetadata.FORWARD_CREDENTIALS));
        boolean keepBasic = Boolean.TRUE.equals(route.getMetadata().get(RouteMetadata.FORWARD_CLIENT_AUTHENTICATION))
                && isBasic(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        ServerHttpRequest minted = request.mutate()
                .headers(headers -> {
                    headers.set(PassportSigner.HEADER, passport);
                    if (!forwardCredentials) {
                        if (!keepBasic) {
                            headers.remove(HttpHeaders.AUTHORIZATION);
                        }
                        removeSessionCookies(headers, request);
                    }
                })
                .build();
        return chain.filter(exchange.mutate().request(minted).build());
    }

    /** Exactly one {@code Authorization} header, of the Basic scheme (any case, RFC 7617). */
    private static boolean isBasic(List<String> authorization) {
        return authorization != null
                && authorization.size() == 1
                && authorization.get(0).regionMatches(true, 0, "Basic ", 0, 6);
    }

    /** The session cookies are the gateway's own: no upstream needs them, so none sees them. */
    private void removeSessionCookies(HttpHeaders headers, ServerHttpRequest request) {
        if (request.getCookies().keySet().stream().noneMatch(sessionCookies::contains)) {
            return;
        }
        List<String> kept = request.getCookies().values().stream()
                .flatMap(List::stream)
                .filter(cookie -> !sessionCookies.contains(cookie.getName()))
                .map(HttpCookie::toString)
                .toList();
        headers.remove(HttpHeaders.COOKIE);
        if (!kept.isEmpty()) {
            headers.set(HttpHeaders.COOKIE, String.join("; ", kept));
        }
    }
}
