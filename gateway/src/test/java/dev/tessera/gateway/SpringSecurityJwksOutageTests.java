package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 7 with docs/threat-model.md I2: under {@code verifier=spring-security}, a JWKS that cannot be fetched at first
 * use is 503 + {@code Retry-After} (not 401), public routes keep working, and the decoder recovers without a restart
 * once the JWKS answers.
 */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "tessera.gateway.issuer=" + TestTokens.ISSUER,
            "tessera.gateway.jwt.verifier=spring-security",
            "tessera.gateway.revocation.enabled=false",
            "tessera.gateway.passport.keys.auth-service=" + GatewayTestSupport.AUTH_PASSPORT_KEY,
            "tessera.gateway.passport.keys.forum-service=" + GatewayTestSupport.FORUM_PASSPORT_KEY,
            "tessera.gateway.passport.keys.notification-service=" + GatewayTestSupport.NOTIFY_PASSPORT_KEY
        })
class SpringSecurityJwksOutageTests {

    static final StubServer UPSTREAM = StubServer.start();

    static final StubServer JWKS = StubServer.start();

    static {
        JWKS.respondWith(503, () -> "{\"title\":\"down\"}");
    }

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("tessera.gateway.auth-uri", UPSTREAM::uri);
        registry.add("tessera.gateway.routes.forum.uri", UPSTREAM::uri);
        registry.add("tessera.gateway.jwt.jwks-uri", () -> JWKS.uri() + "/jwks.json");
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
        JWKS.close();
    }

    @LocalServerPort
    int port;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> send(String method, String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void jwksDownAtFirstUseThen503AndPublicRoutesWorkThenRecoverWithoutRestart() throws Exception {
        String token = TestTokens.valid();

        assertThat(send("GET", "/api/forum/threads", token).statusCode()).isEqualTo(200);
        HttpResponse<String> unavailable = send("POST", "/api/forum/threads", token);
        assertProblem(unavailable, 503);
        assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(unavailable.headers().firstValue("WWW-Authenticate")).isEmpty();

        JWKS.respondWith(200, () -> TestTokens.jwks(TestTokens.KEY));

        assertThat(send("POST", "/api/forum/threads", token).statusCode()).isEqualTo(200);
    }
}
