package dev.tessera.gateway.verify;

import dev.tessera.gateway.caller.AccessToken;
import dev.tessera.gateway.csrf.CsrfGuard;
import dev.tessera.gateway.edge.EdgeAttributes;
import dev.tessera.gateway.edge.EdgeFilter;
import dev.tessera.gateway.edge.MainPortWebFilter;
import dev.tessera.gateway.edge.Problems;
import dev.tessera.gateway.logging.RequestLog;
import dev.tessera.gateway.route.Access;
import dev.tessera.gateway.route.AccessPolicy;
import dev.tessera.gateway.route.Routes;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Decides, per request, who the caller is and whether the route lets them in (RFC 6750 answers):
 *
 * <ul>
 *   <li>no rule matches → 404; conflicting credentials → 400 {@code invalid_request};
 *   <li>protected route: no token → 401 bare {@code Bearer} challenge; bad token → 401 {@code
 *       invalid_token}; no key set ever loaded → 503; cookie-authenticated request of any method but GET/HEAD/OPTIONS failing the
 *       CSRF check → 403; missing role → 403 {@code insufficient_scope}; a rule that wants a second factor
 *       or a recent login the token does not show → 401 {@code insufficient_user_authentication} (RFC 9470
 *       step-up: the user logs in again, with the second factor; {@code max_age} says how recent);
 *   <li>public route: a valid token makes the caller authenticated, an invalid one (or a cookie token
 *       failing CSRF on an unsafe method) is ignored and the caller is anonymous, so a stale cookie never
 *       blocks logging in again.
 * </ul>
 *
 * <p>Either kind of access token works on the same routes: a JWT is verified here by the configured {@link
 * TokenVerifier}, with no call; an opaque session token (scheme A) is introspected at auth-service, and when auth-service cannot answer the
 * request gets 503 with a message saying so (a public route treats the caller as anonymous instead).
 */
final class AuthenticationFilter extends MainPortWebFilter implements Ordered {

    static final int ORDER = EdgeFilter.ORDER + 200;

    /** RFC 9470's error: the token is valid, but how or when the user authenticated does not meet the rule. */
    static final String INSUFFICIENT_USER_AUTHENTICATION = "insufficient_user_authentication";

    private static final Logger logger = LoggerFactory.getLogger(AuthenticationFilter.class);

    private static final String INVALID_TOKEN = "Bearer error=\"invalid_token\"";

    private final TokenVerifier verifier;
    private final Clock clock;
    private final AccessPolicy policy;
    private final String accessCookie;
    private final CsrfGuard csrf;
    private final OpaqueTokenIntrospection introspection;

    AuthenticationFilter(
            TokenVerifier verifier,
            AccessPolicy policy,
            JwtProperties jwt,
            CsrfGuard csrf,
            OpaqueTokenIntrospection introspection,
            Clock clock) {
        this.clock = clock;
        this.verifier = verifier;
        this.policy = policy;
        this.accessCookie = jwt.accessCookie();
        this.csrf = csrf;
        this.introspection = introspection;
    }

    /** A JWT (anything not of the opaque shape) is verified locally; an opaque token is introspected. */
    private Mono<AccessToken> authenticate(String token, ServerWebExchange exchange) {
        if (!OpaqueTokenIntrospection.isOpaque(token)) {
            return verifier.verify(token);
        }
        return introspection
                .introspect(token, EdgeAttributes.clientAddress(exchange))
                .switchIfEmpty(Mono.error(() -> new TokenRejectedException("opaque token not active")));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected Mono<Void> filterPublic(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String method = request.getMethod().name();
        Routes.Rule rule = policy.rule(method, request.getPath().pathWithinApplication());
        if (rule == null) {
            return Problems.write(exchange, HttpStatus.NOT_FOUND, null);
        }
        Access access = rule.access();
        Routes.CsrfProof proof = rule.csrf();
        BearerToken token = BearerToken.extract(request, accessCookie);
        if (token.conflict()) {
            return Problems.write(
                    exchange,
                    HttpStatus.BAD_REQUEST,
                    "Bearer error=\"invalid_request\"",
                    "Send the access token once: either the Authorization header or the cookie.");
        }
        boolean csrfRequired = token.fromCookie() && CsrfGuard.needsCsrf(method);
        if (access.isPublic()) {
            if (!token.present() || token.value().isEmpty() || (csrfRequired && !csrfPasses(exchange, proof))) {
                return chain.filter(exchange);
            }
            return authenticate(token.value(), exchange)
                    .doOnNext(verified -> verified.bindTo(exchange))
                    .then(Mono.defer(() -> chain.filter(exchange)))
                    .onErrorResume(
                            ex -> ex instanceof TokenRejectedException
                                    || ex instanceof KeysUnavailableException
                                    || ex instanceof IntrospectionUnavailableException
                                    || ex instanceof IntrospectionBudgetExceededException,
                            ex -> chain.filter(exchange));
        }
        if (!token.present()) {
            return Problems.write(exchange, HttpStatus.UNAUTHORIZED, "Bearer");
        }
        if (token.value().isEmpty()) {
            return Problems.write(exchange, HttpStatus.UNAUTHORIZED, INVALID_TOKEN);
        }
        return authenticate(token.value(), exchange)
                .flatMap(verified -> authorize(exchange, chain, rule, verified, csrfRequired, proof))
                .onErrorResume(TokenRejectedException.class, ex -> {
                    RequestLog.debug(logger, exchange, "Token rejected ({})", ex.getMessage());
                    return Problems.write(exchange, HttpStatus.UNAUTHORIZED, INVALID_TOKEN);
                })
                .onErrorResume(KeysUnavailableException.class, ex -> {
                    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
                    return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, null);
                })
                .onErrorResume(IntrospectionBudgetExceededException.class, ex -> {
                    exchange.getResponse()
                            .getHeaders()
                            .set(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()));
                    return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, null);
                })
                .onErrorResume(IntrospectionUnavailableException.class, ex -> {
                    RequestLog.warn(logger, exchange, "Opaque token not checked ({})", ex.getMessage());
                    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
                    return Problems.write(
                            exchange,
                            HttpStatus.SERVICE_UNAVAILABLE,
                            null,
                            "Session tokens cannot be checked right now: the authentication service is"
                                    + " unavailable. Try again shortly; signed (JWT) access tokens keep working.");
                });
    }

    private Mono<Void> authorize(
            ServerWebExchange exchange,
            WebFilterChain chain,
            Routes.Rule rule,
            AccessToken token,
            boolean csrfRequired,
            Routes.CsrfProof proof) {
        if (csrfRequired && !csrfPasses(exchange, proof)) {
            return Problems.write(
                    exchange,
                    HttpStatus.FORBIDDEN,
                    null,
                    "Cookie-authenticated requests that change state need the CSRF header from the same origin.");
        }
        if (!policy.admits(rule.access(), token.roles())) {
            return Problems.write(exchange, HttpStatus.FORBIDDEN, "Bearer error=\"insufficient_scope\"");
        }
        if (rule.secondFactor() && !token.secondFactor()) {
            return stepUp(exchange, null, "This needs a login with a second factor: log in again with it.");
        }
        Duration maxAge = rule.maxAuthAge();
        if (maxAge != null
                && (token.authTime() == null || token.authTime().plus(maxAge).isBefore(clock.instant()))) {
            return stepUp(exchange, maxAge, "This needs a recent login: log in again.");
        }
        token.bindTo(exchange);
        return chain.filter(exchange);
    }

    /** 401 with RFC 9470's challenge ({@code max_age} in seconds when the login is too old). */
    private static Mono<Void> stepUp(ServerWebExchange exchange, Duration maxAge, String detail) {
        String challenge = "Bearer error=\"" + INSUFFICIENT_USER_AUTHENTICATION + "\", error_description=\"" + detail
                + "\"" + ((maxAge != null) ? ", max_age=" + maxAge.toSeconds() : "");
        return Problems.write(exchange, HttpStatus.UNAUTHORIZED, challenge, detail);
    }

    private boolean csrfPasses(ServerWebExchange exchange, Routes.CsrfProof proof) {
        return (proof == Routes.CsrfProof.ORIGIN) ? csrf.originPasses(exchange) : csrf.doubleSubmitPasses(exchange);
    }
}
