package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The browser session endpoints against a stub auth-service over real HTTP, with real signed tokens
 * (issue 6, docs/threat-model.md E1, E2, E3).
 */
@AuthServiceStubTest
class SessionTests {

    static final StubServer AUTH = StubUpstreams.AUTH;

    static final StubServer FORUM = StubUpstreams.FORUM;

    static final String ORIGIN = TestTokens.ISSUER;

    static final String REFRESH_TOKEN = "r3fr3sh-t0ken-0f-f0rty-thr33-charact3rs-abc";

    static final String DEVICE_TOKEN = "d3v1ce-t0ken-0f-f0rty-thr33-charact3rs-xyz0";

    final GatewayClient gateway = new GatewayClient(() -> this.port);

    @LocalServerPort
    int port;

    String accessToken;

    String subject;

    @BeforeEach
    void authServiceIssuesTokens() {
        StubUpstreams.restoreDefaults();
        JWTClaimsSet claims = TestTokens.claims()
                .claim("preferred_username", "ada")
                .claim("roles", List.of("USER", "MODERATOR"))
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .build();
        subject = claims.getSubject();
        accessToken = TestTokens.sign(TestTokens.header().build(), claims);
        String answer = "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                + "\"refresh_token\":\"" + REFRESH_TOKEN + "\"}";
        AUTH.respondWith(200, Map.of("Content-Type", "application/json", "Cache-Control", "no-store"), () -> answer);
    }

    HttpRequest.Builder request(String path) {
        return gateway.request(path);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return gateway.send(request);
    }

    HttpResponse<String> login(String origin) throws Exception {
        HttpRequest.Builder request = request("/api/session/login")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"ada\",\"password\":\"a long password\"}"));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request);
    }

    static String setCookie(HttpResponse<?> response, String name) {
        List<String> matching = response.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith(name + "="))
                .toList();
        assertThat(matching).as("one Set-Cookie for " + name).hasSize(1);
        return matching.get(0);
    }

    static String cookieValue(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    static long maxAge(String setCookie) {
        return Long.parseLong(setCookie.replaceAll(".*Max-Age=(\\d+).*", "$1"));
    }

    HttpRequest.Builder withSession(HttpRequest.Builder request, String csrf) {
        return request.header(
                "Cookie",
                "tessera_access=" + accessToken + "; tessera_refresh=" + REFRESH_TOKEN + "; tessera_csrf=" + csrf);
    }

    @Test
    void loginWhenAcceptedThenThreeCookiesWithExactAttributesAndNoTokenInBody() throws Exception {
        HttpResponse<String> response = login(ORIGIN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body())
                .contains("\"id\":\"" + subject + "\"")
                .contains("\"username\":\"ada\"")
                .contains("\"roles\":[\"MODERATOR\",\"USER\"]")
                .containsPattern("\"expires_in\":(29[0-9]|300)\\b")
                .contains("\"token_format\":\"jwt\"")
                .doesNotContain(accessToken)
                .doesNotContain(REFRESH_TOKEN)
                .doesNotContain("eyJ");

        String access = setCookie(response, "tessera_access");
        assertThat(cookieValue(access)).isEqualTo(accessToken);
        assertThat(access)
                .contains("; Path=/;")
                .contains("; Secure")
                .containsIgnoringCase("; HttpOnly")
                .contains("; SameSite=Strict");
        assertThat(maxAge(access)).isBetween(290L, 300L);

        String refresh = setCookie(response, "tessera_refresh");
        assertThat(cookieValue(refresh)).isEqualTo(REFRESH_TOKEN);
        assertThat(refresh)
                .contains("; Path=/api/session;")
                .contains("; Max-Age=2592000;")
                .contains("; Secure")
                .containsIgnoringCase("; HttpOnly")
                .contains("; SameSite=Strict");

        String csrf = setCookie(response, "tessera_csrf");
        assertThat(cookieValue(csrf)).hasSize(43).doesNotContain(accessToken);
        assertThat(csrf)
                .contains("; Path=/;")
                .contains("; Secure")
                .contains("; SameSite=Strict")
                .doesNotContainIgnoringCase("HttpOnly");
    }

    @Test
    void loginWhenForwardedThenAuthServiceGetsBodyClientAddressAndAnonymousPassport() throws Exception {
        login(ORIGIN);

        StubServer.Received received = AUTH.next();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.rawPath()).isEqualTo("/auth/login");
        assertThat(received.body()).isEqualTo("{\"username\":\"ada\",\"password\":\"a long password\"}");
        assertThat(received.header("X-Forwarded-For")).isEmpty();
        assertThat(new dev.tessera.passport.PassportVerifier(
                                dev.tessera.passport.PassportSecrets.of(
                                        java.util.List.of(GatewayTest.AUTH_PASSPORT_KEY)),
                                "auth-service")
                        .verify(received.header("X-Tessera-Passport").get(0), "POST", "/auth/login")
                        .clientAddress())
                .isEqualTo("127.0.0.1");
        assertThat(received.header("Cookie")).isEmpty();
    }

    /** Issue 17: auth-service names the device of each session from the browser's User-Agent. */
    @Test
    void loginWhenBrowserSendsUserAgentThenAuthServiceGetsTheSame() throws Exception {
        String browser =
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";
        send(request("/api/session/login")
                .header("Content-Type", "application/json")
                .header("Origin", ORIGIN)
                .header("User-Agent", browser)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"ada\",\"password\":\"a long password\"}")));

        assertThat(AUTH.next().header("User-Agent")).containsExactly(browser);
    }

    @Test
    void loginWhenWrongPasswordThenAuthServiceProblemPassesThroughWithoutCookies() throws Exception {
        String problem = "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"Invalid username or password.\"}";
        AUTH.respondWith(401, Map.of("Content-Type", "application/problem+json"), () -> problem);

        HttpResponse<String> response = login(ORIGIN);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(problem);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void loginWhenThrottledThenTooManyRequestsWithRetryAfter() throws Exception {
        AUTH.respondWith(
                429,
                Map.of("Content-Type", "application/problem+json", "Retry-After", "60"),
                () -> "{\"title\":\"Too Many Requests\",\"status\":429}");

        HttpResponse<String> response = login(ORIGIN);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void loginWhenForeignOriginThenForbiddenAndNothingSentUpstream() throws Exception {
        HttpResponse<String> response = login("https://evil.example");

        assertProblem(response, 403);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(AUTH.nothingReceived()).isTrue();
    }

    @Test
    void loginWhenOriginIsTheAddressTheRequestWasSentToButNotConfiguredThenForbidden() throws Exception {
        // The Host is the client's choice (DNS rebinding): only the configured public origins count.
        assertProblem(login("http://127.0.0.1:" + port), 403);
        assertThat(AUTH.nothingReceived()).isTrue();
    }

    @Test
    void loginWhenOriginIsAnotherPortOrNameOfThisHostThenForbidden() throws Exception {
        assertProblem(login("http://localhost:" + port), 403);
        assertProblem(login("http://127.0.0.1:" + (port + 1)), 403);
        assertProblem(login("https://127.0.0.1:" + port), 403);
        assertThat(AUTH.nothingReceived()).isTrue();
    }

    @Test
    void loginWhenNeitherOriginNorCsrfHeaderThenForbidden() throws Exception {
        assertProblem(login(null), 403);
        assertThat(AUTH.nothingReceived()).isTrue();
    }

    @Test
    void loginWhenNoOriginButCustomHeaderThenAccepted() throws Exception {
        HttpResponse<String> response = send(request("/api/session/login")
                .header("Content-Type", "application/json")
                .header("X-Tessera-CSRF", "1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"ada\",\"password\":\"a long password\"}")));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void loginWhenCrossSiteFetchMetadataThenForbidden() throws Exception {
        HttpResponse<String> response = send(request("/api/session/login")
                .header("Content-Type", "application/json")
                .header("X-Tessera-CSRF", "1")
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertProblem(response, 403);
    }

    @Test
    void loginWhenFormOrTextBodyThenUnsupportedMediaType() throws Exception {
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded")) {
            HttpResponse<String> response = send(request("/api/session/login")
                    .header("Content-Type", type)
                    .header("Origin", ORIGIN)
                    .POST(HttpRequest.BodyPublishers.ofString("username=ada&password=x")));

            assertProblem(response, 415);
        }
        assertThat(AUTH.nothingReceived()).isTrue();
    }

    @Test
    void sessionEndpointsWhenGetOnStateChangingOneThenMethodNotAllowed() throws Exception {
        for (String path : List.of("/api/session/login", "/api/session/refresh", "/api/session/logout")) {
            assertProblem(send(request(path).GET()), 405);
        }
    }

    @Test
    void loginWhenBodyOverSixteenKibThenContentTooLarge() throws Exception {
        HttpResponse<String> response = send(request("/api/session/login")
                .header("Content-Type", "application/json")
                .header("Origin", ORIGIN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + "a".repeat(20_000) + "\"}")));

        assertProblem(response, 413);
        assertThat(AUTH.nothingReceived()).isTrue();
    }

    @Test
    void loginWhenAuthServiceIssuesTokenForAnotherIssuerThenBadGatewayAndNoCookies() throws Exception {
        String foreign = TestTokens.sign(
                TestTokens.header().build(),
                TestTokens.claims().issuer("https://other.example").build());
        AUTH.respondWith(200, () -> "{\"access_token\":\"" + foreign + "\",\"refresh_token\":\"x\"}");

        HttpResponse<String> response = login(ORIGIN);

        assertProblem(response, 502);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(response.body()).doesNotContain(foreign);
    }

    @Test
    void currentSessionWhenAccessCookieValidThenUserFromClaimsWithoutUpstreamCall() throws Exception {
        HttpResponse<String> response = send(request("/api/session")
                .header("Cookie", "tessera_access=" + accessToken)
                .GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"username\":\"ada\"").doesNotContain(accessToken);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(AUTH.nothingReceived()).isTrue();
    }

    @Test
    void currentSessionWhenNoOrExpiredCookieThenUnauthorized() throws Exception {
        String expired = TestTokens.sign(
                TestTokens.header().build(),
                TestTokens.claims()
                        .issueTime(Date.from(Instant.now().minusSeconds(600)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(300)))
                        .build());

        assertProblem(send(request("/api/session").GET()), 401);
        assertProblem(
                send(request("/api/session")
                        .header("Cookie", "tessera_access=" + expired)
                        .GET()),
                401);
    }

    @Test
    void refreshWhenCsrfHeaderMatchesThenRotatedCookiesAndCsrfValueKept() throws Exception {
        String csrf = "c3JmLXZhbHVlLW9mLXRoZS1wYWdlLTEyMzQ1Njc4";

        HttpResponse<String> response = send(withSession(request("/api/session/refresh"), csrf)
                .header("X-Tessera-CSRF", csrf)
                .header("Origin", ORIGIN)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"username\":\"ada\"").doesNotContain(REFRESH_TOKEN);
        assertThat(cookieValue(setCookie(response, "tessera_access"))).isEqualTo(accessToken);
        assertThat(cookieValue(setCookie(response, "tessera_refresh"))).isEqualTo(REFRESH_TOKEN);
        assertThat(cookieValue(setCookie(response, "tessera_csrf"))).isEqualTo(csrf);
        StubServer.Received received = AUTH.next();
        assertThat(received.rawPath()).isEqualTo("/auth/refresh");
        assertThat(received.body()).isEqualTo("{\"refresh_token\":\"" + REFRESH_TOKEN + "\"}");
    }

    @Test
    void refreshWhenCsrfHeaderMissingOrForeignOriginThenForbiddenAndNothingSentUpstream() throws Exception {
        String csrf = "c3JmLXZhbHVlLW9mLXRoZS1wYWdlLTEyMzQ1Njc4";

        assertProblem(
                send(withSession(request("/api/session/refresh"), csrf).POST(HttpRequest.BodyPublishers.noBody())),
                403);
        assertProblem(
                send(withSession(request("/api/session/refresh"), csrf)
                        .header("X-Tessera-CSRF", csrf)
                        .header("Origin", "https://evil.example")
                        .POST(HttpRequest.BodyPublishers.noBody())),
                403);
        assertThat(AUTH.nothingReceived()).isTrue();
    }

    @Test
    void refreshWhenAuthServiceRefusesTokenThenUnauthorizedAndCookiesCleared() throws Exception {
        AUTH.respondWith(401, Map.of("Content-Type", "application/problem+json"), () -> "{\"status\":401}");
        String csrf = "c3JmLXZhbHVlLW9mLXRoZS1wYWdlLTEyMzQ1Njc4";

        HttpResponse<String> response = send(withSession(request("/api/session/refresh"), csrf)
                .header("X-Tessera-CSRF", csrf)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertProblem(response, 401);
        assertCleared(response);
    }

    @Test
    void refreshWhenPresetRefreshCookieUnknownThenRefusedAndCookiesCleared() throws Exception {
        AUTH.respondWith(401, Map.of("Content-Type", "application/problem+json"), () -> "{\"status\":401}");
        String csrf = "c3JmLXZhbHVlLW9mLXRoZS1wYWdlLTEyMzQ1Njc4";

        HttpResponse<String> response = send(request("/api/session/refresh")
                .header("Cookie", "tessera_refresh=planted-by-an-attacker; tessera_csrf=" + csrf)
                .header("X-Tessera-CSRF", csrf)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertProblem(response, 401);
        assertCleared(response);
        assertThat(AUTH.next().body()).isEqualTo("{\"refresh_token\":\"planted-by-an-attacker\"}");
    }

    @Test
    void refreshWhenNoRefreshCookieThenUnauthorizedWithoutUpstreamCall() throws Exception {
        String csrf = "c3JmLXZhbHVlLW9mLXRoZS1wYWdlLTEyMzQ1Njc4";

        HttpResponse<String> response = send(request("/api/session/refresh")
                .header("Cookie", "tessera_csrf=" + csrf)
                .header("X-Tessera-CSRF", csrf)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertProblem(response, 401);
        assertCleared(response);
        assertThat(AUTH.nothingReceived()).isTrue();
    }

    @Test
    void logoutWhenCsrfPassesThenRevokedUpstreamNoContentAndAllCookiesCleared() throws Exception {
        AUTH.respondWith(204, Map.of(), () -> "");
        String csrf = "c3JmLXZhbHVlLW9mLXRoZS1wYWdlLTEyMzQ1Njc4";

        HttpResponse<String> response = send(withSession(request("/api/session/logout"), csrf)
                .header("X-Tessera-CSRF", csrf)
                .header("Origin", ORIGIN)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertCleared(response);
        StubServer.Received received = AUTH.next();
        assertThat(received.rawPath()).isEqualTo("/auth/logout");
        assertThat(received.body()).isEqualTo("{\"refresh_token\":\"" + REFRESH_TOKEN + "\"}");
    }

    @Test
    void logoutWhenCsrfHeaderMissingThenForbiddenAndCookiesKept() throws Exception {
        String csrf = "c3JmLXZhbHVlLW9mLXRoZS1wYWdlLTEyMzQ1Njc4";

        HttpResponse<String> response =
                send(withSession(request("/api/session/logout"), csrf).POST(HttpRequest.BodyPublishers.noBody()));

        assertProblem(response, 403);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(AUTH.nothingReceived()).isTrue();
    }

    @Test
    void cookiesFromLoginWhenUsedForForumWriteThenNeedTheCsrfHeader() throws Exception {
        HttpResponse<String> login = login(ORIGIN);
        String access = cookieValue(setCookie(login, "tessera_access"));
        String csrf = cookieValue(setCookie(login, "tessera_csrf"));
        String cookies = "tessera_access=" + access + "; tessera_csrf=" + csrf;

        HttpResponse<String> withoutHeader = send(request("/api/forum/threads")
                .header("Cookie", cookies)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> fromElsewhere = send(request("/api/forum/threads")
                .header("Cookie", cookies)
                .header("X-Tessera-CSRF", csrf)
                .header("Origin", "https://evil.example")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        FORUM.reset();
        HttpResponse<String> fromThePage = send(request("/api/forum/threads")
                .header("Cookie", cookies)
                .header("X-Tessera-CSRF", csrf)
                .header("Origin", ORIGIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertProblem(withoutHeader, 403);
        assertProblem(fromElsewhere, 403);
        // Refused with the body unread: the connection is not reused (a reused one could hang the next request).
        assertThat(withoutHeader.headers().firstValue("Connection")).hasValue("close");
        assertThat(fromThePage.statusCode()).isEqualTo(200);
        StubServer.Received received = FORUM.next();
        assertThat(received.header("Cookie"))
                .allSatisfy(cookie -> assertThat(cookie).doesNotContain(access));
    }

    private static void assertCleared(HttpResponse<String> response) {
        for (String name : List.of("tessera_access", "tessera_refresh", "tessera_csrf")) {
            String cookie = setCookie(response, name);
            assertThat(cookieValue(cookie)).as(name).isEmpty();
            assertThat(cookie).as(name).contains("Max-Age=0");
        }
        Optional<String> refreshPath = response.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("tessera_refresh="))
                .findFirst();
        assertThat(refreshPath).hasValueSatisfying(value -> assertThat(value).contains("Path=/api/session"));
        // The device cookie is not a session cookie: it outlives logout, so this browser stays a known device.
        assertThat(response.headers().allValues("Set-Cookie")).noneMatch(value -> value.startsWith("tessera_device="));
    }

    @Test
    void loginWhenAuthServiceAnswersDeviceTokenThenHttpOnlyStrictDeviceCookieOnTheSessionPathAndNotInBody()
            throws Exception {
        String answer = "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                + "\"refresh_token\":\"" + REFRESH_TOKEN + "\",\"device_token\":\"" + DEVICE_TOKEN + "\"}";
        AUTH.respondWith(200, Map.of("Content-Type", "application/json"), () -> answer);

        HttpResponse<String> response = login(ORIGIN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(DEVICE_TOKEN);
        String device = setCookie(response, "tessera_device");
        assertThat(cookieValue(device)).isEqualTo(DEVICE_TOKEN);
        assertThat(device)
                .contains("; Path=/api/session;")
                .contains("; Max-Age=31536000;")
                .contains("; Secure")
                .containsIgnoringCase("; HttpOnly")
                .contains("; SameSite=Strict");
    }

    @Test
    void loginWhenBrowserHasDeviceCookieThenAuthServiceGetsItAsDeviceTokenWithTheRestOfTheBody() throws Exception {
        HttpResponse<String> response = send(request("/api/session/login")
                .header("Content-Type", "application/json")
                .header("Origin", ORIGIN)
                .header("Cookie", "tessera_device=" + DEVICE_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"ada\",\"password\":\"a long password\",\"token_format\":\"opaque\"}")));

        assertThat(response.statusCode()).isEqualTo(200);
        StubServer.Received received = AUTH.next();
        assertThat(received.body())
                .isEqualTo("{\"username\":\"ada\",\"password\":\"a long password\",\"token_format\":\"opaque\","
                        + "\"device_token\":\"" + DEVICE_TOKEN + "\"}");
        assertThat(received.header("Cookie")).isEmpty();
    }

    @Test
    void loginWhenDeviceCookieMalformedOrBodyNotAnObjectThenBodyPassedUnchanged() throws Exception {
        String body = "{\"username\":\"ada\",\"password\":\"a long password\"}";
        send(request("/api/session/login")
                .header("Content-Type", "application/json")
                .header("Origin", ORIGIN)
                .header("Cookie", "tessera_device=not-a-device-token")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(AUTH.next().body()).isEqualTo(body);

        String duplicate = "{\"username\":\"ada\",\"username\":\"bob\",\"password\":\"a long password\"}";
        send(request("/api/session/login")
                .header("Content-Type", "application/json")
                .header("Origin", ORIGIN)
                .header("Cookie", "tessera_device=" + DEVICE_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(duplicate)));
        assertThat(AUTH.next().body()).isEqualTo(duplicate);
    }

    @Test
    void loginWhenRefusedThenDeviceCookieNeitherSetNorCleared() throws Exception {
        AUTH.respondWith(
                429,
                Map.of("Content-Type", "application/problem+json", "Retry-After", "60"),
                () -> "{\"title\":\"Too Many Requests\",\"status\":429}");

        HttpResponse<String> response = send(request("/api/session/login")
                .header("Content-Type", "application/json")
                .header("Origin", ORIGIN)
                .header("Cookie", "tessera_device=" + DEVICE_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"ada\",\"password\":\"a long password\"}")));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    HttpResponse<String> secondFactor(String origin, String body) throws Exception {
        HttpRequest.Builder request = request("/api/session/login/second-factor")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request);
    }

    /** Issue 17: the first step's "second factor required" is a refusal like any other: it passes through whole. */
    @Test
    void loginWhenSecondFactorRequiredThenProblemWithChallengePassesThroughWithoutCookies() throws Exception {
        String problem = "{\"type\":\"https://tessera.dev/problems/second-factor-required\",\"status\":401,"
                + "\"challenge\":\"ch4llenge\",\"methods\":[\"totp\",\"recovery_code\"]}";
        AUTH.respondWith(401, Map.of("Content-Type", "application/problem+json"), () -> problem);

        HttpResponse<String> response = login(ORIGIN);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(problem);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void secondFactorWhenAcceptedThenSessionCookiesAndAuthServiceGetsTheBodyWithoutTheDeviceCookie() throws Exception {
        String body = "{\"challenge\":\"ch4llenge\",\"code\":\"123456\"}";
        HttpResponse<String> response = send(request("/api/session/login/second-factor")
                .header("Content-Type", "application/json")
                .header("Origin", ORIGIN)
                .header("Cookie", "tessera_device=" + DEVICE_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"username\":\"ada\"").doesNotContain(accessToken);
        assertThat(cookieValue(setCookie(response, "tessera_access"))).isEqualTo(accessToken);
        assertThat(cookieValue(setCookie(response, "tessera_refresh"))).isEqualTo(REFRESH_TOKEN);
        setCookie(response, "tessera_csrf");
        StubServer.Received received = AUTH.next();
        assertThat(received.rawPath()).isEqualTo("/auth/login/second-factor");
        assertThat(received.body()).isEqualTo(body);
        assertThat(received.header("Cookie")).isEmpty();
    }

    @Test
    void secondFactorWhenWrongCodeThenProblemPassesThroughWithoutCookies() throws Exception {
        String problem = "{\"type\":\"https://tessera.dev/problems/second-factor-invalid\",\"status\":401}";
        AUTH.respondWith(401, Map.of("Content-Type", "application/problem+json"), () -> problem);

        HttpResponse<String> response = secondFactor(ORIGIN, "{\"challenge\":\"ch4llenge\",\"code\":\"000000\"}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(problem);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void secondFactorWhenForeignOriginThenForbiddenAndNothingSentUpstream() throws Exception {
        HttpResponse<String> response =
                secondFactor("https://evil.example", "{\"challenge\":\"ch4llenge\",\"code\":\"123456\"}");

        assertProblem(response, 403);
        assertThat(AUTH.nothingReceived()).isTrue();
    }

    /** Issue 17: the public passkey routes reach auth-service as anonymous calls, body and path unchanged. */
    @Test
    void passkeyOptionsAndLoginWhenPublicAuthRoutesThenForwardedUnchanged() throws Exception {
        String options = "{\"ceremony\":\"c3r3mony\",\"publicKey\":{\"challenge\":\"ch\",\"allowCredentials\":[]}}";
        AUTH.respondWith(200, Map.of("Content-Type", "application/json", "Cache-Control", "no-store"), () -> options);

        for (String path : List.of(
                "/api/auth/login/passkey/options",
                "/api/auth/login/second-factor/options",
                "/api/auth/login/passkey")) {
            HttpResponse<String> response = send(request(path)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"challenge\":\"ch4llenge\"}")));

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).isEqualTo(options);
            StubServer.Received received = AUTH.next();
            assertThat(received.rawPath()).isEqualTo(path.substring("/api".length()));
            assertThat(received.body()).isEqualTo("{\"challenge\":\"ch4llenge\"}");
        }
    }

    HttpResponse<String> passkeyLogin(String origin, String body, String cookie) throws Exception {
        HttpRequest.Builder request = request("/api/session/login/passkey")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request);
    }

    /** Issue 17: a password-less login sets the same cookies as a password login and sends the device cookie. */
    @Test
    void passkeyLoginWhenAcceptedThenSessionCookiesAndAuthServiceGetsDeviceToken() throws Exception {
        String body = "{\"ceremony\":\"c3r3mony\",\"credential\":{\"id\":\"abc\",\"type\":\"public-key\"}}";

        HttpResponse<String> response = passkeyLogin(ORIGIN, body, "tessera_device=" + DEVICE_TOKEN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"username\":\"ada\"").doesNotContain(accessToken);
        assertThat(cookieValue(setCookie(response, "tessera_access"))).isEqualTo(accessToken);
        assertThat(cookieValue(setCookie(response, "tessera_refresh"))).isEqualTo(REFRESH_TOKEN);
        setCookie(response, "tessera_csrf");
        StubServer.Received received = AUTH.next();
        assertThat(received.rawPath()).isEqualTo("/auth/login/passkey");
        assertThat(received.body())
                .isEqualTo("{\"ceremony\":\"c3r3mony\",\"credential\":{\"id\":\"abc\",\"type\":\"public-key\"},"
                        + "\"device_token\":\"" + DEVICE_TOKEN + "\"}");
        assertThat(received.header("Cookie")).isEmpty();
    }

    @Test
    void passkeyLoginWhenRefusedThenProblemPassesThroughWithoutCookies() throws Exception {
        String problem = "{\"type\":\"urn:tessera:problem:passkey-login-failed\",\"status\":401}";
        AUTH.respondWith(401, Map.of("Content-Type", "application/problem+json"), () -> problem);

        HttpResponse<String> response = passkeyLogin(ORIGIN, "{\"ceremony\":\"c\",\"credential\":{}}", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(problem);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void passkeyLoginWhenForeignOrMissingOriginThenForbiddenAndNothingSentUpstream() throws Exception {
        assertProblem(passkeyLogin("https://evil.example", "{\"ceremony\":\"c\",\"credential\":{}}", null), 403);
        assertProblem(passkeyLogin(null, "{\"ceremony\":\"c\",\"credential\":{}}", null), 403);

        assertThat(AUTH.nothingReceived()).isTrue();
    }
}
