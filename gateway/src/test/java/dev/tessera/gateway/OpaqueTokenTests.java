package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertInvalidToken;
import static dev.tessera.gateway.Assertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSecrets;
import dev.tessera.passport.PassportVerifier;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Scheme A at the gateway: opaque session tokens introspected at a stub auth-service (no cache), next to
 * JWTs verified locally, on the same routes, giving downstream the same passport.
 */
@IntrospectionTest
class OpaqueTokenTests {

    static final StubServer FORUM = StubUpstreams.FORUM;

    static final StubServer JWKS = StubUpstreams.JWKS;

    static final IntrospectionStub AUTH = StubUpstreams.INTROSPECTION;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PassportVerifier forumVerifier =
            new PassportVerifier(PassportSecrets.of(List.of(GatewayTest.FORUM_PASSPORT_KEY)), "forum-service");

    private final PassportVerifier authVerifier =
            new PassportVerifier(PassportSecrets.of(List.of(GatewayTest.AUTH_PASSPORT_KEY)), "auth-service");

    final GatewayClient gateway = new GatewayClient(() -> this.port);

    @LocalServerPort
    int port;

    String userId;

    String sid;

    long exp;

    @BeforeEach
    void setUp() {
        AUTH.start();
        AUTH.reset();
        StubUpstreams.restoreDefaults();
        userId = UUID.randomUUID().toString();
        sid = UUID.randomUUID().toString();
        exp = Instant.now().plusSeconds(600).getEpochSecond();
        AUTH.active(userId, "ada", "[\"MODERATOR\",\"USER\"]", exp, sid);
    }

    static String opaqueToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    HttpResponse<String> post(String bearer) throws Exception {
        return gateway.send(gateway.request("/api/forum/threads")
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    HttpResponse<String> publicGet(String bearer) throws Exception {
        return gateway.send(gateway.request("/api/forum/threads")
                .header("Authorization", "Bearer " + bearer)
                .GET());
    }

    @Test
    void opaqueTokenWhenActiveThenUpstreamGetsTheCallersPassportAndNoToken() throws Exception {
        String token = opaqueToken();

        HttpResponse<String> response = post(token);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        StubServer.Received received = FORUM.next();
        assertThat(received.header("Authorization")).isEmpty();
        Passport passport =
                forumVerifier.verify(received.header("X-Tessera-Passport").get(0), "POST", "/threads");
        assertThat(passport.userId()).isEqualTo(userId);
        assertThat(passport.username()).isEqualTo("ada");
        assertThat(passport.roles()).containsExactlyInAnyOrder("USER", "MODERATOR");
        assertThat(passport.sessionId()).isEqualTo(sid);
        assertThat(passport.tokenId()).isNotBlank().doesNotContain(token);
    }

    @Test
    void opaqueTokenWhenIntrospectedThenGatewayCallsAsServiceWithBoundPassportAndTheTokenInTheBody() throws Exception {
        String token = opaqueToken();

        post(token);

        IntrospectionStub.Call call = AUTH.next();
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.rawPath()).isEqualTo("/internal/introspect");
        assertThat(call.body()).isEqualTo("{\"token\":\"" + token + "\"}");
        Passport caller = authVerifier.verify(call.passport(), "POST", "/internal/introspect");
        assertThat(caller.isAuthenticated()).isTrue();
        assertThat(caller.roles()).containsExactly("SERVICE");
        assertThat(caller.userId()).isEqualTo("service:gateway");
    }

    @Test
    void jwtAndOpaqueWhenSameRouteThenSameIdentityUpstreamAndJwtNeverIntrospected() throws Exception {
        String jwt = TestTokens.sign(
                TestTokens.header().build(),
                TestTokens.claims()
                        .subject(userId)
                        .claim("preferred_username", "ada")
                        .claim("roles", List.of("MODERATOR", "USER"))
                        .claim("sid", sid)
                        .build());
        int before = AUTH.hits();

        assertThat(post(jwt).statusCode()).isEqualTo(200);
        assertThat(AUTH.hits()).isEqualTo(before);
        Passport viaJwt =
                forumVerifier.verify(FORUM.next().header("X-Tessera-Passport").get(0), "POST", "/threads");

        assertThat(post(opaqueToken()).statusCode()).isEqualTo(200);
        Passport viaOpaque =
                forumVerifier.verify(FORUM.next().header("X-Tessera-Passport").get(0), "POST", "/threads");

        assertThat(viaOpaque.userId()).isEqualTo(viaJwt.userId());
        assertThat(viaOpaque.username()).isEqualTo(viaJwt.username());
        assertThat(viaOpaque.roles()).isEqualTo(viaJwt.roles());
        assertThat(viaOpaque.sessionId()).isEqualTo(viaJwt.sessionId());
    }

    @Test
    void opaqueTokenWhenInactiveOrIncompleteAnswerThen401InvalidTokenAndNothingUpstream() throws Exception {
        for (String answer : new String[] {
            "{\"active\":false}",
            "{\"active\":true}",
            "{\"active\":true,\"sub\":\"\",\"exp\":" + exp + "}",
            "{\"active\":true,\"sub\":\"u\",\"exp\":"
                    + Instant.now().minusSeconds(5).getEpochSecond() + "}"
        }) {
            AUTH.answer(200, answer, Duration.ZERO);
            String token = opaqueToken();
            assertInvalidToken(post(token), token);
        }
        assertThat(FORUM.nothingReceived()).isTrue();
    }

    @Test
    void opaqueTokenWhenAuthServiceDownThen503WithClearMessageAndJwtStillWorks() throws Exception {
        AUTH.stop();
        String token = opaqueToken();

        HttpResponse<String> response = post(token);

        assertProblem(response, 503);
        assertThat(response.body())
                .contains("authentication service is unavailable")
                .doesNotContain(token);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(FORUM.nothingReceived()).isTrue();

        assertThat(post(TestTokens.valid()).statusCode()).isEqualTo(200);
    }

    @Test
    void opaqueTokenWhenAuthServiceHangsThen503FromTheIntrospectionTimeout() throws Exception {
        int before = AUTH.hits();
        AUTH.hang(200, "{\"active\":false}");
        try {
            HttpResponse<String> response = post(opaqueToken());

            // The stub took the call and would answer "inactive" (401) only once released, after the response:
            // a 503 can only be the gateway giving up on the call in flight at its introspection timeout.
            assertProblem(response, 503);
            assertThat(response.body()).contains("authentication service is unavailable");
            assertThat(AUTH.hits()).isEqualTo(before + 1);
        } finally {
            AUTH.release();
        }
    }

    @Test
    void opaqueTokenWhenAuthServiceAnswersErrorOrGarbageThen503Not401() throws Exception {
        for (int status : new int[] {500, 401, 403}) {
            AUTH.answer(status, "{\"title\":\"x\"}", Duration.ZERO);
            assertProblem(post(opaqueToken()), 503);
        }
        AUTH.answer(200, "not json", Duration.ZERO);
        assertProblem(post(opaqueToken()), 503);
    }

    @Test
    void publicRouteWhenOpaqueTokenAndAuthServiceDownThenAnonymous() throws Exception {
        AUTH.stop();

        HttpResponse<String> response = publicGet(opaqueToken());

        assertThat(response.statusCode()).isEqualTo(200);
        Passport passport =
                forumVerifier.verify(FORUM.next().header("X-Tessera-Passport").get(0), "GET", "/threads");
        assertThat(passport.isAuthenticated()).isFalse();
    }

    @Test
    void opaqueTokenWhenNoCacheThenEveryRequestIntrospected() throws Exception {
        String token = opaqueToken();
        int before = AUTH.hits();

        for (int i = 0; i < 3; i++) {
            assertThat(post(token).statusCode()).isEqualTo(200);
        }

        assertThat(AUTH.hits() - before).isEqualTo(3);
    }

    @Test
    void tokenWhenNeitherJwtNorOpaqueShapeThenRejectedWithoutIntrospection() throws Exception {
        int before = AUTH.hits();
        for (String token :
                new String[] {opaqueToken() + "A", opaqueToken().substring(1), "a.b", "x".repeat(43) + "."}) {
            assertInvalidToken(post(token), token);
        }
        assertThat(AUTH.hits()).isEqualTo(before);
    }
}
