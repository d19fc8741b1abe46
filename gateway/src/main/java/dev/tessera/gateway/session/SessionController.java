package dev.tessera.gateway.session;

import dev.tessera.gateway.caller.AccessToken;
import dev.tessera.gateway.csrf.CsrfGuard;
import dev.tessera.gateway.edge.Problems;
import dev.tessera.gateway.logging.RequestLog;
import dev.tessera.gateway.verify.AccessTokenVerifier;
import dev.tessera.gateway.verify.IntrospectionUnavailableException;
import dev.tessera.gateway.verify.KeysUnavailableException;
import dev.tessera.gateway.verify.OpaqueTokenIntrospection;
import dev.tessera.gateway.verify.TokenRejectedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The browser session at the edge: the page logs in, refreshes and logs out here, and the tokens live only
 * in HttpOnly cookies (issue 6, docs/threat-model.md E1/E2). No token is ever in a response body or a log.
 *
 * <ul>
 *   <li>{@code GET /api/session}: 200 {@link SessionView} from the verified access cookie, answered here
 *       with no upstream call; 401 otherwise.
 *   <li>{@code POST /api/session/login} (JSON {@code {username, password}} and optionally {@code
 *       token_format: "opaque"} for a server-side session (scheme A); passed to auth-service as is, which
 *       validates it): 200 {@link SessionView} and the three cookies. The access cookie then holds either a
 *       JWT or an opaque session token; the gateway checks either kind, and refreshes keep the kind. auth-service's errors pass
 *       through with their status, problem body and {@code Retry-After}. Login CSRF: the request must come
 *       from an allowed origin. The device cookie, when the browser has one, is sent along as {@code
 *       device_token}, and the one auth-service answers replaces it.
 *   <li>{@code POST /api/session/login/second-factor} and {@code POST /api/session/login/passkey}: the second step
 *       of a login (a code or a passkey's assertion) and the password-less passkey login, answered like {@code
 *       login}.
 *   <li>{@code POST /api/session/refresh}: rotates the refresh cookie; 401 and cookies cleared when
 *       auth-service refuses it. Needs the double-submit CSRF header.
 *   <li>{@code POST /api/session/logout}: revokes the refresh family, 204, cookies cleared. Needs the
 *       double-submit CSRF header.
 * </ul>
 */
@Controller
final class SessionController {

    /** The base path of the session endpoints, also the refresh cookie's default path. */
    static final String BASE = "/api/session";

    /** The largest login body accepted, as auth-service's own limit. */
    private static final int MAX_BODY = 16 * 1024;

    private static final Logger logger = LoggerFactory.getLogger(SessionController.class);

    private static final JsonMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final AuthServiceClient auth;
    private final AccessTokenVerifier verifier;
    private final OpaqueTokenIntrospection introspection;
    private final SessionCookies cookies;
    private final CsrfGuard csrf;
    private final JsonMapper json;
    private final Clock clock;

    SessionController(
            AuthServiceClient auth,
            AccessTokenVerifier verifier,
            OpaqueTokenIntrospection introspection,
            SessionCookies cookies,
            CsrfGuard csrf,
            JsonMapper json) {
        this.auth = auth;
        this.verifier = verifier;
        this.introspection = introspection;
        this.cookies = cookies;
        this.csrf = csrf;
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    @GetMapping(BASE)
    Mono<Void> current(ServerWebExchange exchange) {
        AccessToken token = AccessToken.of(exchange);
        if (token == null) {
            return Problems.write(exchange, HttpStatus.UNAUTHORIZED, null, "Not logged in.");
        }
        return writeSession(exchange, SessionView.of(token, clock.instant()));
    }

    @PostMapping(path = BASE + "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<Void> login(ServerWebExchange exchange) {
        String deviceToken = cookies.deviceToken(exchange.getRequest());
        return logIn(exchange, "/auth/login", body -> withDeviceToken(body, deviceToken));
    }

    /**
     * The second step of a login whose account has a second factor: auth-service answered the first step with 401
     * {@code second-factor-required} and a challenge (passed through like any refusal); the page sends the challenge
     * with a code here, and the session is established as after a one-step login. The challenge already holds the
     * first step's known-device decision, so the device cookie is not sent again.
     */
    @PostMapping(path = BASE + "/login/second-factor", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<Void> secondFactor(ServerWebExchange exchange) {
        return logIn(exchange, "/auth/login/second-factor", body -> body);
    }

    /**
     * A password-less login with a passkey (issue 17): the page asks {@code POST /api/auth/login/passkey/options}
     * for the ceremony and request options (no cookie is involved in that step), lets the browser sign, and sends
     * {@code {ceremony, credential}} here; the session is established as after a password login, with the same
     * cookies. The device cookie goes along as {@code device_token}, as for a password login.
     */
    @PostMapping(path = BASE + "/login/passkey", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<Void> passkey(ServerWebExchange exchange) {
        String deviceToken = cookies.deviceToken(exchange.getRequest());
        return logIn(exchange, "/auth/login/passkey", body -> withDeviceToken(body, deviceToken));
    }

    private Mono<Void> logIn(ServerWebExchange exchange, String authPath, UnaryOperator<byte[]> body) {
        if (!csrf.sameOriginPasses(exchange)) {
            return Problems.write(exchange, HttpStatus.FORBIDDEN, null, "Log in from the forum page itself.");
        }
        return DataBufferUtils.join(exchange.getRequest().getBody(), MAX_BODY)
                .map(SessionController::bytes)
                .defaultIfEmpty(new byte[0])
                .flatMap(bytes -> auth.post(exchange, authPath, body.apply(bytes)))
                .flatMap(answer -> answer.ok() ? establish(exchange, answer, null) : passThrough(exchange, answer))
                .onErrorResume(
                        DataBufferLimitException.class,
                        ex -> Problems.write(
                                exchange, HttpStatus.CONTENT_TOO_LARGE, null, "The request body is too large."));
    }

    @PostMapping(BASE + "/refresh")
    Mono<Void> refresh(ServerWebExchange exchange) {
        if (!csrf.doubleSubmitPasses(exchange)) {
            return csrfRefused(exchange);
        }
        String refreshToken = cookies.refreshToken(exchange.getRequest());
        if (refreshToken == null) {
            return sessionEnded(exchange);
        }
        HttpCookie csrfCookie = exchange.getRequest().getCookies().getFirst(csrf.cookieName());
        String keepCsrf = (csrfCookie != null) ? csrfCookie.getValue() : null;
        return auth.post(exchange, "/auth/refresh", refreshBody(refreshToken)).flatMap(answer -> {
            if (answer.ok()) {
                return establish(exchange, answer, keepCsrf);
            }
            if (answer.status() >= 400 && answer.status() < 500 && answer.status() != 429) {
                return sessionEnded(exchange);
            }
            // auth-service busy or broken: keep the cookies, the page may try again.
            return passThrough(exchange, answer);
        });
    }

    @PostMapping(BASE + "/logout")
    Mono<Void> logout(ServerWebExchange exchange) {
        if (!csrf.doubleSubmitPasses(exchange)) {
            return csrfRefused(exchange);
        }
        String refreshToken = cookies.refreshToken(exchange.getRequest());
        cookies.clear(exchange.getResponse());
        if (refreshToken == null) {
            return noContent(exchange);
        }
        return auth.post(exchange, "/auth/logout", refreshBody(refreshToken))
                .flatMap(answer -> answer.ok() ? noContent(exchange) : passThrough(exchange, answer))
                .onErrorResume(ex -> {
                    // The cookies are gone from this browser; the family stays valid until it expires.
                    RequestLog.warn(
                            logger,
                            exchange,
                            "Logout could not reach auth-service ({})",
                            ex.getClass().getSimpleName());
                    return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, null);
                });
    }

    /** A successful token answer from auth-service: verify the new access token, set cookies, answer. */
    private Mono<Void> establish(ServerWebExchange exchange, AuthServiceClient.AuthAnswer answer, String keepCsrf) {
        TokenPair tokens = TokenPair.parse(json, answer.body());
        if (tokens == null) {
            RequestLog.warn(logger, exchange, "auth-service answered {} without a token pair", answer.status());
            return Problems.write(exchange, HttpStatus.BAD_GATEWAY, null);
        }
        return check(tokens.accessToken())
                .flatMap(token -> {
                    Instant now = clock.instant();
                    long seconds = Duration.between(now, token.expiresAt()).toSeconds();
                    if (seconds < 1) {
                        RequestLog.warn(
                                logger,
                                exchange,
                                "auth-service issued an access token that is already expired (clock?)");
                        return Problems.write(exchange, HttpStatus.BAD_GATEWAY, null);
                    }
                    cookies.set(
                            exchange.getResponse(),
                            tokens.accessToken(),
                            Duration.ofSeconds(seconds),
                            tokens.refreshToken(),
                            keepCsrf);
                    if (tokens.deviceToken() != null) {
                        cookies.setDevice(exchange.getResponse(), tokens.deviceToken());
                    }
                    return writeSession(exchange, SessionView.of(token, now));
                })
                .onErrorResume(TokenRejectedException.class, ex -> {
                    RequestLog.warn(
                            logger,
                            exchange,
                            "auth-service issued an access token the gateway refuses ({}): check issuer, audience"
                                    + " and algorithm",
                            ex.getMessage());
                    return Problems.write(exchange, HttpStatus.BAD_GATEWAY, null);
                })
                .onErrorResume(InactiveSessionException.class, ex -> {
                    RequestLog.warn(
                            logger,
                            exchange,
                            "auth-service issued a session token that its introspection calls inactive");
                    return Problems.write(exchange, HttpStatus.BAD_GATEWAY, null);
                })
                .onErrorResume(
                        ex -> ex instanceof KeysUnavailableException || ex instanceof IntrospectionUnavailableException,
                        ex -> {
                            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
                            return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, null);
                        });
    }

    /** The new access token checked as any request's would be: a JWT locally, an opaque token by introspection. */
    private Mono<AccessToken> check(String accessToken) {
        if (!OpaqueTokenIntrospection.isOpaque(accessToken)) {
            return verifier.verify(accessToken);
        }
        return introspection.introspect(accessToken, null).switchIfEmpty(Mono.error(InactiveSessionException::new));
    }

    /** auth-service issued a session token that its own introspection calls inactive. */
    private static final class InactiveSessionException extends RuntimeException {
        InactiveSessionException() {
            super("opaque token not active", null, false, false);
        }
    }

    /** auth-service's error, with its status, problem body and {@code Retry-After}. */
    private Mono<Void> passThrough(ServerWebExchange exchange, AuthServiceClient.AuthAnswer answer) {
        HttpStatus status = HttpStatus.resolve(answer.status());
        if (status == null || !status.isError()) {
            RequestLog.warn(logger, exchange, "auth-service answered an unexpected {}", answer.status());
            return Problems.write(exchange, HttpStatus.BAD_GATEWAY, null);
        }
        ServerHttpResponse response = exchange.getResponse();
        if (answer.retryAfter() != null && answer.retryAfter().matches("\\d{1,9}")) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, answer.retryAfter());
        }
        boolean problem = answer.contentType() != null
                && answer.contentType().startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                && answer.body().length > 0
                && answer.body().length <= MAX_BODY;
        if (!problem) {
            return Problems.write(exchange, status, null);
        }
        return write(exchange, status, MediaType.APPLICATION_PROBLEM_JSON, answer.body());
    }

    private Mono<Void> sessionEnded(ServerWebExchange exchange) {
        cookies.clear(exchange.getResponse());
        return Problems.write(exchange, HttpStatus.UNAUTHORIZED, null, "The session has ended; log in again.");
    }

    private static Mono<Void> csrfRefused(ServerWebExchange exchange) {
        return Problems.write(
                exchange, HttpStatus.FORBIDDEN, null, "Session requests need the CSRF header from the same origin.");
    }

    /**
     * The login body with the browser's device token as {@code device_token} (the page cannot read the
     * HttpOnly cookie, so it never sends one itself). A body that is not one strictly parsed JSON object
     * (duplicate keys included) is passed on unchanged, for auth-service to refuse as it would anyway.
     */
    private byte[] withDeviceToken(byte[] body, String deviceToken) {
        if (deviceToken == null) {
            return body;
        }
        try {
            if (STRICT_JSON.readTree(body) instanceof ObjectNode object) {
                object.put("device_token", deviceToken);
                return json.writeValueAsBytes(object);
            }
        } catch (JacksonException ex) {
            // Not JSON: auth-service answers 400.
        }
        return body;
    }

    private byte[] refreshBody(String refreshToken) {
        return json.writeValueAsBytes(Map.of("refresh_token", refreshToken));
    }

    private Mono<Void> writeSession(ServerWebExchange exchange, SessionView view) {
        return write(exchange, HttpStatus.OK, MediaType.APPLICATION_JSON, json.writeValueAsBytes(view));
    }

    private static Mono<Void> noContent(ServerWebExchange exchange) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.NO_CONTENT);
        response.getHeaders().setCacheControl("no-store");
        return response.setComplete();
    }

    private static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, MediaType type, byte[] body) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(type);
        response.getHeaders().setCacheControl("no-store");
        response.getHeaders().set("Pragma", "no-cache");
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
