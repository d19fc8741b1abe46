package dev.tessera.gateway;

import static dev.tessera.gateway.Assertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * docs/threat-model.md I2: the gateway starts while auth-service (its JWKS) is down, whichever verifier checks JWTs
 * ({@code tessera.gateway.jwt.verifier}). Each verifier gets its own gateway and its own stubs, so one outage never
 * ends the other's, and neither sees the shared JWKS stub, which is up from the start.
 */
class JwksOutageTests {

    private static HttpResponse<String> send(
            GatewayClient gateway, Duration timeout, String method, String path, String bearer) throws Exception {
        HttpRequest.Builder request =
                gateway.request(path).timeout(timeout).method(method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return gateway.send(request);
    }

    /** forum-service and auth-service in one stub, and a JWKS endpoint that starts down (503): a pair per gateway. */
    static final class Stubs {

        private final StubServer upstream = StubServer.start();

        private final StubServer jwks = StubServer.start();

        Stubs() {
            jwks.respondWith(503, () -> "{\"title\":\"down\"}");
        }

        void register(DynamicPropertyRegistry registry) {
            registry.add("tessera.gateway.auth-uri", upstream::uri);
            registry.add("tessera.gateway.routes.forum.uri", upstream::uri);
            registry.add("tessera.gateway.jwt.jwks-uri", () -> jwks.uri() + "/jwks.json");
        }

        /** From now on the JWKS endpoint answers with the key the test tokens are signed with. */
        void jwksUp() {
            jwks.respondWith(200, () -> TestTokens.jwks(TestTokens.KEY));
        }

        void close() {
            upstream.close();
            jwks.close();
        }
    }

    /** Tessera's own verifier ({@code verifier=tessera}, the default). */
    @Nested
    @GatewayTest
    @TestPropertySource(properties = "tessera.gateway.jwt.jwks-min-refetch-interval=300ms")
    class TesseraVerifier {

        static final Stubs STUBS = new Stubs();

        @DynamicPropertySource
        static void upstreams(DynamicPropertyRegistry registry) {
            STUBS.register(registry);
        }

        @AfterAll
        static void stop() {
            STUBS.close();
        }

        @LocalServerPort
        int port;

        final GatewayClient gateway = new GatewayClient(() -> this.port);

        private HttpResponse<String> send(String method, String path, String bearer) throws Exception {
            // Generous: the first request of a cold JVM on a loaded 2-core machine; the outage bound is below.
            return JwksOutageTests.send(gateway, Duration.ofSeconds(15), method, path, bearer);
        }

        @Test
        void startWhenJwksDownThenPublicRoutesWorkProtectedAnswer503ThenRecoverWithoutRestart() throws Exception {
            String token = TestTokens.valid();

            assertThat(send("GET", "/api/forum/threads", null).statusCode()).isEqualTo(200);
            assertThat(send("GET", "/api/forum/threads", token).statusCode()).isEqualTo(200);
            HttpResponse<String> unavailable = send("POST", "/api/forum/threads", token);
            assertProblem(unavailable, 503);
            assertThat(unavailable.headers().firstValue("WWW-Authenticate")).isEmpty();

            STUBS.jwksUp();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int status = 0;
            while (System.nanoTime() < deadline && status != 200) {
                Thread.sleep(100);
                status = send("POST", "/api/forum/threads", token).statusCode();
            }

            assertThat(status).isEqualTo(200);
        }
    }

    /**
     * Issue 7: under {@code verifier=spring-security}, a JWKS that cannot be fetched at first use is 503 + {@code
     * Retry-After} (not 401), public routes keep working, and the decoder recovers without a restart once the JWKS
     * answers.
     */
    @Nested
    @GatewayTest
    @TestPropertySource(properties = "tessera.gateway.jwt.verifier=spring-security")
    class SpringSecurityVerifier {

        static final Stubs STUBS = new Stubs();

        @DynamicPropertySource
        static void upstreams(DynamicPropertyRegistry registry) {
            STUBS.register(registry);
        }

        @AfterAll
        static void stop() {
            STUBS.close();
        }

        @LocalServerPort
        int port;

        final GatewayClient gateway = new GatewayClient(() -> this.port);

        private HttpResponse<String> send(String method, String path, String bearer) throws Exception {
            return JwksOutageTests.send(gateway, Duration.ofSeconds(5), method, path, bearer);
        }

        @Test
        void jwksDownAtFirstUseThen503AndPublicRoutesWorkThenRecoverWithoutRestart() throws Exception {
            String token = TestTokens.valid();

            assertThat(send("GET", "/api/forum/threads", token).statusCode()).isEqualTo(200);
            HttpResponse<String> unavailable = send("POST", "/api/forum/threads", token);
            assertProblem(unavailable, 503);
            assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(unavailable.headers().firstValue("WWW-Authenticate")).isEmpty();

            STUBS.jwksUp();

            assertThat(send("POST", "/api/forum/threads", token).statusCode()).isEqualTo(200);
        }
    }
}
