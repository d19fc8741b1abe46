package dev.tessera.gateway.csrf;

import dev.tessera.gateway.GatewayProperties;
import dev.tessera.gateway.edge.EdgeAttributes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The CSRF defence for cookie-based browser requests (OWASP: double submit plus Origin check).
 *
 * <ul>
 *   <li>{@link #doubleSubmitPasses}: the {@code X-Tessera-CSRF} header equals the non-HttpOnly CSRF cookie
 *       (compared in constant time, at least 16 characters), and no foreign origin is involved. A
 *       foreign site can neither read the cookie nor send the custom header without a CORS preflight the
 *       gateway never grants.
 *   <li>{@link #sameOriginPasses}: for login, where no CSRF cookie exists yet (login CSRF): the request
 *       says it comes from an allowed origin, or, when a client sends no {@code Origin}, it carries the
 *       custom header (which a cross-site form cannot).
 *   <li>{@link #originPasses}: for the OpenID consent form, a plain HTML form: an allowed {@code Origin}, required.
 * </ul>
 *
 * In both, an {@code Origin} that is not one of the configured public origins ({@code
 * tessera.gateway.public-origins}, default the issuer's origin), or {@code Sec-Fetch-Site: cross-site}, fails.
 * The request's {@code Host} is never trusted for this (issue 13, item 7): a DNS-rebinding page sends its own
 * name as both {@code Host} and {@code Origin}, so "same as the Host" proves nothing.
 */
@Component
public final class CsrfGuard {

    /** The header carrying the double-submit value. */
    public static final String HEADER = "X-Tessera-CSRF";

    private static final int MIN_LENGTH = 16;

    /** The only methods that never need the CSRF proof (RFC 9110 safe methods the gateway serves). */
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final String cookieName;
    private final List<String> allowedOrigins;

    CsrfGuard(CsrfProperties csrf, GatewayProperties gateway) {
        this.cookieName = csrf.cookieName();
        if (!gateway.publicOrigins().isEmpty()) {
            this.allowedOrigins = List.copyOf(gateway.publicOrigins());
        } else if (!csrf.allowedOrigins().isEmpty()) {
            this.allowedOrigins = List.copyOf(csrf.allowedOrigins());
        } else {
            this.allowedOrigins = List.of(originOf(gateway.issuer()));
        }
    }

    private static String originOf(String issuer) {
        URI uri = URI.create(issuer);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /**
     * Whether a cookie-authenticated request with this method needs the CSRF proof: every method but {@code
     * GET}, {@code HEAD} and {@code OPTIONS}, compared case-sensitively, so {@code post} or a made-up method
     * needs it too (deny by default; the edge refuses unknown methods before this anyway).
     *
     * @param method the request method
     * @return {@code true} unless the method is exactly {@code GET}, {@code HEAD} or {@code OPTIONS}
     */
    public static boolean needsCsrf(String method) {
        return !SAFE.contains(method);
    }

    /**
     * The name of the double-submit cookie.
     *
     * @return the cookie name
     */
    public String cookieName() {
        return cookieName;
    }

    /**
     * Whether the request carries the double-submit header matching the CSRF cookie, from no foreign
     * origin.
     *
     * @param exchange the exchange (after the edge filter captured the header)
     * @return {@code true} when the request passes
     */
    public boolean doubleSubmitPasses(ServerWebExchange exchange) {
        if (!originAcceptable(exchange.getRequest())) {
            return false;
        }
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(cookieName);
        String header = EdgeAttributes.csrfHeader(exchange);
        if (cookie == null || header == null || cookie.getValue().length() < MIN_LENGTH) {
            return false;
        }
        return MessageDigest.isEqual(
                cookie.getValue().getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether the request demonstrably comes from the page itself: an allowed {@code Origin}, or no
     * {@code Origin} but the custom header.
     *
     * @param exchange the exchange (after the edge filter captured the header)
     * @return {@code true} when the request passes
     */
    public boolean sameOriginPasses(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        if (!originAcceptable(request)) {
            return false;
        }
        return request.getHeaders().getFirst(HttpHeaders.ORIGIN) != null || EdgeAttributes.csrfHeader(exchange) != null;
    }

    /**
     * Whether the request names exactly one allowed {@code Origin} (none is not enough), for the one endpoint an HTML
     * form posts to (the OpenID consent form, rule {@code csrf: origin}). A form cannot send the custom header, but a
     * browser sends {@code Origin} on every cross-site POST, and a forged form's is its own site's (or {@code null}).
     *
     * @param exchange the exchange
     * @return {@code true} when the request passes
     */
    public boolean originPasses(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        return request.getHeaders().get(HttpHeaders.ORIGIN) != null && originAcceptable(request);
    }

    private boolean originAcceptable(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        List<String> origins = headers.get(HttpHeaders.ORIGIN);
        if (origins != null && (origins.size() != 1 || !allowedOrigins.contains(origins.get(0)))) {
            return false;
        }
        return !"cross-site".equalsIgnoreCase(headers.getFirst("Sec-Fetch-Site"));
    }
}
