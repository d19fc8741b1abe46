package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A browser session on scheme A: the page asks for {@code token_format: opaque}, the access cookie holds an
 * opaque session token, and the gateway introspects it at (a stub of) auth-service for the session view and
 * for every request, over real HTTP.
 */
@AuthServiceStubTest
@ExtendWith(OutputCaptureExtension.class)
class OpaqueSessionCookieTests {

    static final String ORIGIN = TestTokens.ISSUER;

    static final String OPAQUE = "0paque-sess10n-t0ken-of-43-base64url-chars0";

    static final String REFRESHED = "refreshed-sess10n-t0ken-43-base64url-chars0";

    static final String REFRESH_TOKEN = "r3fr3sh-t0ken-0f-f0rty-thr33-charact3rs-abc";

    static final StubServer FORUM = StubUpstreams.FORUM;

    static final StubServer JWKS = StubUpstreams.JWKS;

    /** auth-service: login, refresh and introspection, each on its own path ({@link #authService}). */
    static final StubServer AUTH = StubUpstreams.AUTH;

    static final List<String> LOGIN_BODIES = new CopyOnWriteArrayList<>();

    /** Opaque tokens auth-service considers active. */
    static final Map<String, Boolean> ACTIVE = new ConcurrentHashMap<>();

    static volatile int introspectionStatus = 200;

    final GatewayClient gateway = new GatewayClient(() -> this.port);

    @LocalServerPort
    int port;

    @BeforeEach
    void reset() {
        StubUpstreams.restoreDefaults();
        LOGIN_BODIES.clear();
        ACTIVE.clear();
        ACTIVE.put(OPAQUE, true);
        ACTIVE.put(REFRESHED, true);
        introspectionStatus = 200;
        AUTH.respondWith(OpaqueSessionCookieTests::authService);
    }

    private static StubServer.Answer authService(StubServer.Received request) {
        return switch (request.rawPath()) {
            case "/auth/login" -> {
                LOGIN_BODIES.add(request.body());
                yield json(200, tokenPair(OPAQUE));
            }
            case "/auth/refresh" -> json(200, tokenPair(REFRESHED));
            case "/internal/introspect" -> {
                String token = request.body().replaceAll(".*\"token\":\"([^\"]*)\".*", "$1");
                long exp = Instant.now().plusSeconds(600).getEpochSecond();
                String answer = ACTIVE.containsKey(token)
                        ? "{\"active\":true,\"sub\":\"user-7\",\"username\":\"ada\",\"roles\":[\"USER\"],\"exp\":" + exp
                                + ",\"sid\":\"sid-7\"}"
                        : "{\"active\":false}";
                yield json(introspectionStatus, answer);
            }
            default -> json(404, "{}");
        };
    }

    @Test
    void loginWhenOpaqueRequestedThenSessionTokenInCookieAndViewSaysOpaque() throws Exception {
        HttpResponse<String> response = login();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(LOGIN_BODIES).singleElement().asString().contains("\"token_format\":\"opaque\"");
        assertThat(response.body())
                .contains("\"id\":\"user-7\"")
                .contains("\"username\":\"ada\"")
                .contains("\"token_format\":\"opaque\"")
                .containsPattern("\"expires_in\":(59[0-9]|600)\\b")
                .doesNotContain(OPAQUE)
                .doesNotContain(REFRESH_TOKEN);
        String access = SessionTests.setCookie(response, "tessera_access");
        assertThat(SessionTests.cookieValue(access)).isEqualTo(OPAQUE);
        assertThat(access).containsIgnoringCase("; HttpOnly").contains("; SameSite=Strict");
        assertThat(SessionTests.maxAge(access)).isBetween(590L, 600L);
    }

    @Test
    void sessionCookieWhenUsedThenIntrospectedForTheViewAndForWrites() throws Exception {
        HttpResponse<String> login = login();
        String csrf = SessionTests.cookieValue(SessionTests.setCookie(login, "tessera_csrf"));
        String cookies = "tessera_access=" + OPAQUE + "; tessera_refresh=" + REFRESH_TOKEN + "; tessera_csrf=" + csrf;

        HttpResponse<String> view = send(request("/api/session").header("Cookie", cookies));
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(view.body()).contains("\"token_format\":\"opaque\"").contains("\"username\":\"ada\"");

        FORUM.respondWith(201, () -> "{}");
        HttpResponse<String> write = send(request("/api/forum/threads")
                .header("Cookie", cookies)
                .header("X-Tessera-CSRF", csrf)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"t\",\"body\":\"b\"}")));
        assertThat(write.statusCode()).isEqualTo(201);
        StubServer.Received upstream = FORUM.next();
        assertThat(upstream.header("X-Tessera-Passport")).hasSize(1);
        assertThat(upstream.header("Cookie")).isEmpty();

        // Ended at auth-service (logout elsewhere): refused at once, no cache.
        ACTIVE.remove(OPAQUE);
        assertProblem(send(request("/api/session").header("Cookie", cookies)), 401);
    }

    @Test
    void refreshWhenOpaqueSessionThenNewSessionTokenInCookie() throws Exception {
        HttpResponse<String> login = login();
        String csrf = SessionTests.cookieValue(SessionTests.setCookie(login, "tessera_csrf"));

        HttpResponse<String> refreshed = send(request("/api/session/refresh")
                .header("Cookie", "tessera_refresh=" + REFRESH_TOKEN + "; tessera_csrf=" + csrf)
                .header("X-Tessera-CSRF", csrf)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(SessionTests.cookieValue(SessionTests.setCookie(refreshed, "tessera_access")))
                .isEqualTo(REFRESHED);
        assertThat(refreshed.body()).contains("\"token_format\":\"opaque\"");
    }

    @Test
    void loginWhenIntrospectionUnavailableThen503WithRetryAfterAndNoCookies() throws Exception {
        introspectionStatus = 503;

        HttpResponse<String> response = login();

        assertProblem(response, 503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(response.body()).doesNotContain(OPAQUE);
    }

    @Test
    void loginWhenAuthServiceIssuesAnInactiveSessionThen502AndNoCookiesAndWarningWithTheRequestId(CapturedOutput output)
            throws Exception {
        ACTIVE.clear();

        HttpResponse<String> response = send(request("/api/session/login")
                .header("Content-Type", "application/json")
                .header("Origin", ORIGIN)
                .header("X-Request-Id", "inactive-session-1")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"ada\",\"password\":\"a long password\",\"token_format\":\"opaque\"}")));

        assertProblem(response, 502);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        // The gateway's own warning carries the request id as a field, like the access line; no token.
        assertThat(output.getOut()
                        .lines()
                        .filter(line -> line.contains("introspection calls inactive"))
                        .toList())
                .singleElement()
                .asString()
                .contains("\"http\":{\"request\":{\"id\":\"inactive-session-1\"}")
                .doesNotContain(OPAQUE)
                .doesNotContain(REFRESH_TOKEN)
                .doesNotContain("a long password");
    }

    private HttpResponse<String> login() throws Exception {
        return send(request("/api/session/login")
                .header("Content-Type", "application/json")
                .header("Origin", ORIGIN)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"ada\",\"password\":\"a long password\",\"token_format\":\"opaque\"}")));
    }

    private HttpRequest.Builder request(String path) {
        return gateway.request(path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return gateway.send(request);
    }

    private static String tokenPair(String accessToken) {
        return "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":600,"
                + "\"refresh_token\":\"" + REFRESH_TOKEN + "\"}";
    }

    private static StubServer.Answer json(int status, String json) {
        return new StubServer.Answer(status, Map.of("Content-Type", "application/json"), json);
    }
}
