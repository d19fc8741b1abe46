package dev.tessera.gateway.edge;

import dev.tessera.gateway.GatewayProperties;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The first thing every request meets: assigns the request id, decides the client address, and removes
 * every header from outside that could carry identity or forwarding claims, before any routing, policy
 * or rate limit looks at the request.
 *
 * <p>Removed: the passport header and anything else named {@code X-Tessera-*} (the CSRF header's value is
 * kept aside first), {@code X-User-*} and similar identity headers in any case or with underscores,
 * {@code Forwarded}/{@code X-Forwarded-*}/{@code X-Real-IP} (the gateway sets {@code X-Forwarded-For}
 * itself), and {@code Connection}: Spring Cloud Gateway removes every header a client names in
 * {@code Connection} at routing time, after the passport was added, so a client could otherwise strip
 * its own passport ({@code Connection: X-Tessera-Passport}). Downstream fails closed anyway.
 *
 * <p>A method the gateway does not know ({@link #METHODS}, compared case-sensitively: {@code post} is
 * unknown) is refused with 405 and {@code Allow} before anything else looks at the request, so no later rule
 * has to decide whether an unknown method is safe.
 *
 * <p>A path that is not in its one canonical spelling ({@link CanonicalPath}) is refused here with 400, so the
 * rate limit, the CSRF and access rules and the routes, which all run later, compare the same path.
 */
@Component
public final class EdgeFilter extends MainPortWebFilter implements Ordered {

    /** Runs before everything else of the gateway's own. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    static final String REQUEST_ID_HEADER = "X-Request-Id";

    static final String CSRF_HEADER = "X-Tessera-CSRF";

    /**
     * The methods the gateway serves; any other is refused here with 405, and a route rule may name only these.
     */
    public static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /** The {@code Allow} header of a 405: {@link #METHODS}, in the usual order. */
    static final String ALLOW = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    /** Normalised (lower case, no '-', '_' or '.') prefixes of headers that never come from outside. */
    private static final List<String> FORBIDDEN_PREFIXES = List.of(
            "xtessera",
            "xuser",
            "xauth",
            "xremote",
            "remoteuser",
            "xforwarded",
            "forwarded",
            "xrealip",
            "xclientip",
            "xoriginalforwarded",
            "xproxyuser",
            "xidentity",
            "xroles",
            "xpassport",
            "passport",
            "connection");

    private final TrustedProxies trustedProxies;

    EdgeFilter(GatewayProperties properties) {
        this.trustedProxies = new TrustedProxies(properties.trustedProxies());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected Mono<Void> filterPublic(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders incoming = request.getHeaders();
        String requestId = incoming.getFirst(REQUEST_ID_HEADER);
        if (requestId == null || !SAFE_REQUEST_ID.matcher(requestId).matches()) {
            requestId = UUID.randomUUID().toString();
        }
        exchange.getAttributes().put(EdgeAttributes.REQUEST_ID, requestId);
        exchange.getResponse().getHeaders().set(REQUEST_ID_HEADER, requestId);
        if (!METHODS.contains(request.getMethod().name())) {
            // Methods are case-sensitive (RFC 9110, 9.1): "post" is not POST but an unknown method, and unknown
            // methods are refused before anything could treat them as safe or as some known one.
            exchange.getResponse().getHeaders().set(HttpHeaders.ALLOW, ALLOW);
            return Problems.write(exchange, HttpStatus.METHOD_NOT_ALLOWED, null);
        }
        if (!CanonicalPath.isCanonical(request.getURI().getRawPath())) {
            return Problems.write(
                    exchange,
                    HttpStatus.BAD_REQUEST,
                    null,
                    "The request path is not in canonical form (no ';', encoded unreserved characters, encoded"
                            + " separators, dot segments, '//', backslashes or control characters).");
        }
        InetSocketAddress peer = request.getRemoteAddress();
        String client = trustedProxies.clientAddress(
                (peer != null) ? peer.getAddress() : null, incoming.get("X-Forwarded-For"));
        exchange.getAttributes().put(EdgeAttributes.CLIENT_ADDRESS, client);
        List<String> csrf = incoming.get(CSRF_HEADER);
        if (csrf != null && csrf.size() == 1) {
            exchange.getAttributes().put(EdgeAttributes.CSRF_HEADER, csrf.get(0));
        }
        String finalRequestId = requestId;
        ServerHttpRequest cleaned = request.mutate()
                .headers(headers -> {
                    List<String> names = headers.headerNames().stream()
                            .filter(EdgeFilter::isForbidden)
                            .toList();
                    names.forEach(headers::remove);
                    // A client's W3C traceparent is honoured (W3C Trace Context lets a caller join its own trace):
                    // a trace id is no identity, nothing is decided on it, and it matches no forbidden prefix. The
                    // tracer parses it before this filter runs (and starts a new trace for a malformed one); the
                    // proxied request carries the gateway's own span as parent (ObservedRequestHttpHeadersFilter).
                    // A malformed one is still dropped here, so it never reaches a service if tracing is off.
                    String traceparent = headers.getFirst("traceparent");
                    if (traceparent != null && !TRACEPARENT.matcher(traceparent).matches()) {
                        headers.remove("traceparent");
                    }
                    headers.set(REQUEST_ID_HEADER, finalRequestId);
                })
                .build();
        return chain.filter(exchange.mutate().request(cleaned).build());
    }

    static boolean isForbidden(String headerName) {
        String normalised = normalised(headerName);
        for (String prefix : FORBIDDEN_PREFIXES) {
            if (normalised.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The name in lower case ({@link Locale#ROOT}) with everything but {@code a-z} and {@code 0-9} dropped. Called for
     * every header of every request, so by a loop rather than {@code replaceAll}, which compiles its regex per call.
     */
    private static String normalised(String headerName) {
        String lower = headerName.toLowerCase(Locale.ROOT);
        StringBuilder kept = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                kept.append(c);
            }
        }
        return kept.toString();
    }
}
