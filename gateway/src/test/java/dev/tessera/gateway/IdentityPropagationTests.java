package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertBareChallenge;
import static dev.tessera.gateway.Assertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportVerifier;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/threat-model.md section D: what reaches upstream, through real HTTP. */
@GatewayTest
class IdentityPropagationTests extends GatewayTestSupport {

    private static final List<String> SPOOFED = List.of(
            "X-Tessera-Passport",
            "x-tessera-passport",
            "X_Tessera_Passport",
            "X-User-Id",
            "x-user-id",
            "X_User_Id",
            "X-USER-ROLES",
            "X-User-Name",
            "X-Userid",
            "X-Forwarded-User",
            "X-Auth-Request-User",
            "X-Remote-User",
            "Remote-User");

    private final PassportVerifier forumVerifier =
            new PassportVerifier(PassportSecrets.of(List.of(GatewayTest.FORUM_PASSPORT_KEY)), "forum-service");

    private HttpRequest.Builder withSpoofedHeaders(HttpRequest.Builder request) {
        for (String name : SPOOFED) {
            request.header(name, "admin").header(name, "root, ADMIN");
        }
        return request;
    }

    private static void assertOnlyGatewayIdentity(StubServer.Received received) {
        assertThat(received.headers().keySet())
                .noneMatch(name -> name.replaceAll("[^a-z]", "").startsWith("xuser"))
                .noneMatch(name -> name.contains("remote-user") || name.contains("forwarded-user"))
                .noneMatch(name -> name.contains("auth-request"))
                .noneMatch(name -> name.equals("x_tessera_passport"));
        assertThat(received.header("X-Tessera-Passport")).hasSize(1);
    }

    @Test
    void spoofedIdentityHeadersWhenNoTokenOnProtectedRouteThenBareChallenge() throws Exception {
        HttpResponse<String> response =
                send(withSpoofedHeaders(request("/api/forum/threads")).POST(HttpRequest.BodyPublishers.noBody()));

        assertBareChallenge(response);
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void spoofedIdentityHeadersWhenPublicRouteThenUpstreamSeesOnlyAnAnonymousPassport() throws Exception {
        HttpResponse<String> response =
                send(withSpoofedHeaders(request("/api/forum/threads")).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        StubServer.Received received = FORUM.next();
        assertOnlyGatewayIdentity(received);
        Passport passport =
                forumVerifier.verify(received.header("X-Tessera-Passport").get(0), "GET", received.rawPath());
        assertThat(passport.isAuthenticated()).isFalse();
    }

    @Test
    void spoofedIdentityHeadersWhenValidTokenThenUpstreamSeesOnlyTheGatewayPassport() throws Exception {
        String token = TestTokens.valid();
        String subject = SignedJWT.parse(token).getJWTClaimsSet().getSubject();

        HttpResponse<String> response = send(withSpoofedHeaders(request("/api/forum/threads/7/posts"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(200);
        StubServer.Received received = FORUM.next();
        assertOnlyGatewayIdentity(received);
        Passport passport =
                forumVerifier.verify(received.header("X-Tessera-Passport").get(0), "POST", "/threads/7/posts");
        assertThat(passport.userId()).isEqualTo(subject);
        assertThat(passport.username()).isEqualTo("alice");
        assertThat(passport.roles()).containsExactly("USER");
    }

    @Test
    void passportWhenMintedThenBoundToUpstreamPathAfterPrefixStripAndTargetAudience() throws Exception {
        send(request("/api/forum/threads/42?page=2")
                .header("Authorization", "Bearer " + TestTokens.valid())
                .GET());

        StubServer.Received received = FORUM.next();
        assertThat(received.rawPath()).isEqualTo("/threads/42");
        assertThat(received.rawQuery()).isEqualTo("page=2");
        String passport = received.header("X-Tessera-Passport").get(0);
        assertThat(forumVerifier.verify(passport, "GET", "/threads/42").isAuthenticated())
                .isTrue();
        assertThat(SignedJWT.parse(passport).getJWTClaimsSet().getAudience()).containsExactly("forum-service");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> forumVerifier.verify(passport, "GET", "/api/forum/threads/42"))
                .isInstanceOf(dev.tessera.passport.PassportException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PassportVerifier(
                                PassportSecrets.of(List.of(GatewayTest.AUTH_PASSPORT_KEY)), "auth-service")
                        .verify(passport, "GET", "/threads/42"))
                .isInstanceOf(dev.tessera.passport.PassportException.class);
    }

    @Test
    void connectionHeaderWhenNamingThePassportThenPassportStillReachesUpstream() throws Exception {
        try (RawConnection connection = new RawConnection(port)) {
            int status = connection.exchange("GET /api/forum/threads HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: X-Tessera-Passport, X-Forwarded-For, X-Request-Id\r\n\r\n");
            assertThat(status).isEqualTo(200);
        }
        StubServer.Received received = FORUM.next();
        assertThat(received.header("X-Tessera-Passport")).hasSize(1);
        assertThat(forumVerifier
                        .verify(received.header("X-Tessera-Passport").get(0), "GET", "/threads")
                        .clientAddress())
                .isEqualTo("127.0.0.1");
    }

    @Test
    void forwardedHeadersWhenPeerNotTrustedThenIgnoredAndTheAddressTravelsOnlySigned() throws Exception {
        send(request("/api/forum/threads")
                .header("X-Forwarded-For", "203.0.113.9")
                .header("X-Forwarded-For", "198.51.100.1, 10.0.0.1")
                .header("X-Forwarded-Host", "evil.example")
                .header("Forwarded", "for=203.0.113.9;host=evil.example")
                .header("X-Real-IP", "203.0.113.9")
                .GET());

        StubServer.Received received = FORUM.next();
        assertThat(received.header("X-Forwarded-For")).isEmpty();
        assertThat(forumVerifier
                        .verify(received.header("X-Tessera-Passport").get(0), "GET", "/threads")
                        .clientAddress())
                .isEqualTo("127.0.0.1");
        assertThat(received.header("X-Forwarded-Host")).isEmpty();
        assertThat(received.header("Forwarded")).isEmpty();
        assertThat(received.header("X-Real-IP")).isEmpty();
    }

    @Test
    void accessTokenWhenRoutedThenNeitherHeaderNorSessionCookiesForwarded() throws Exception {
        String token = TestTokens.valid();

        send(request("/api/forum/threads")
                .header("Authorization", "Bearer " + token)
                .header("Cookie", "tessera_access=" + token + "; theme=dark; tessera_refresh=r1; tessera_csrf=c1")
                .GET());

        StubServer.Received received = FORUM.next();
        assertThat(received.header("Authorization")).isEmpty();
        assertThat(String.join(";", received.header("Cookie")))
                .doesNotContain(token)
                .doesNotContain("tessera_access")
                .doesNotContain("tessera_refresh")
                .doesNotContain("tessera_csrf")
                .isEqualTo("theme=dark");
    }

    @Test
    void requestIdWhenSafeThenKeptDownstreamAndInResponse() throws Exception {
        HttpResponse<String> response = send(request("/api/forum/threads")
                .header("X-Request-Id", "abc-123_x.y")
                .GET());

        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("abc-123_x.y");
        assertThat(FORUM.next().header("X-Request-Id")).containsExactly("abc-123_x.y");
    }

    @Test
    void requestIdWhenUnsafeOrLongThenReplacedAndErrorsCarryIt() throws Exception {
        HttpResponse<String> response = send(request("/api/forum/threads")
                .header("X-Request-Id", "<script>" + "x".repeat(100))
                .POST(HttpRequest.BodyPublishers.noBody()));

        String id = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(response.body()).contains("\"requestId\":\"" + id + "\"").doesNotContain("script");
    }

    @Test
    void traceparentWhenValidThenUpstreamJoinsTheClientsTraceUnderTheGatewaysSpan() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        send(request("/api/forum/threads")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .GET());

        List<String> forwarded = FORUM.next().header("traceparent");
        assertThat(forwarded).hasSize(1);
        assertThat(forwarded.get(0))
                .matches("00-" + traceId + "-[0-9a-f]{16}-01")
                .as("the parent is the gateway's span, not the client's")
                .doesNotContain("00f067aa0ba902b7");
    }

    @Test
    void traceparentWhenMissingOrMalformedThenUpstreamGetsANewTrace() throws Exception {
        send(request("/api/forum/threads").GET());
        send(request("/api/forum/threads")
                .header("traceparent", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01")
                .GET());

        for (int i = 0; i < 2; i++) {
            List<String> forwarded = FORUM.next().header("traceparent");
            assertThat(forwarded).hasSize(1);
            assertThat(forwarded.get(0))
                    .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01")
                    .doesNotContainIgnoringCase("4bf92f3577b34da6a3ce929d0e0e4736");
        }
    }

    @Test
    void managementEndpointsWhenRequestedOnPublicPortThenNotFound() throws Exception {
        for (String path : List.of("/actuator/health", "/actuator", "/actuator/gateway/routes")) {
            HttpResponse<String> response = send(request(path).GET());
            assertThat(response.statusCode()).as(path).isEqualTo(404);
        }
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void pathWhenDotSegmentsOrEncodedSeparatorsThenBadRequestNotRouted() throws Exception {
        for (String path : List.of(
                "/api/forum/../auth/me",
                "/api/forum/%2e%2e/actuator",
                "/api/forum/threads%2F1",
                "/api/forum//threads")) {
            assertProblem(send(request(path).GET()), 400);
        }
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void managementEndpointsWhenRequestedOnManagementPortThenServed() throws Exception {
        HttpResponse<String> response = management.send(management.request("/actuator/health"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("UP");
        HttpResponse<String> fetches =
                management.send(management.request("/actuator/metrics/tessera.gateway.jwks.fetches"));
        assertThat(fetches.statusCode()).isEqualTo(200);
        assertThat(fetches.body()).contains("\"COUNT\"");
    }

    @Test
    void unroutedPathWhenRequestedThenNotFoundProblem() throws Exception {
        assertProblem(send(request("/internal/anything").GET()), 404);
    }
}
