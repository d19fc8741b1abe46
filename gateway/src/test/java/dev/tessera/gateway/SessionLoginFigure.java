package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A printed figure, no timed assertion (not part of the suite; run it with {@code -Dtest=SessionLoginFigure}): the
 * edge's own cost of a browser login on top of auth-service's answer: the call to a stub auth-service, the
 * verification of the fresh token (cold: never seen before), three cookies; against the same stub called directly.
 */
@GatewayTest
@TestPropertySource(
        properties = {"tessera.gateway.access-log.enabled=false", "tessera.gateway.rate-limit.capacity=1000"})
class SessionLoginFigure {

    static final StubServer AUTH = StubServer.start();

    static final StubServer JWKS = StubServer.start();

    static {
        JWKS.respondWith(200, () -> TestTokens.jwks(TestTokens.KEY));
    }

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("tessera.gateway.auth-uri", AUTH::uri);
        registry.add("tessera.gateway.routes.forum.uri", () -> "http://127.0.0.1:" + GatewayTestSupport.closedPort());
        registry.add("tessera.gateway.jwt.jwks-uri", () -> JWKS.uri() + "/.well-known/jwks.json");
    }

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @LocalServerPort
    int port;

    @Test
    void printSessionLoginViaGatewayAndStraightToAuthService() throws Exception {
        HttpRequest.Builder viaGatewayRequest = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/session/login"))
                .header("Content-Type", "application/json")
                .header("Origin", TestTokens.ISSUER)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"ada\",\"password\":\"a long password\"}"));
        HttpRequest.Builder direct = HttpRequest.newBuilder(URI.create(AUTH.uri() + "/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        int rounds = 200;
        long[] viaGateway = new long[rounds];
        long[] straight = new long[rounds];
        for (int i = 0; i < rounds + 50; i++) {
            authServiceIssuesAFreshToken();
            long started = System.nanoTime();
            HttpResponse<String> response = http.send(viaGatewayRequest.build(), HttpResponse.BodyHandlers.ofString());
            long gateway = System.nanoTime() - started;
            started = System.nanoTime();
            http.send(direct.build(), HttpResponse.BodyHandlers.ofString());
            long stub = System.nanoTime() - started;
            // A figure of failed logins would mean nothing.
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            if (i >= 50) {
                viaGateway[i - 50] = gateway;
                straight[i - 50] = stub;
            }
        }
        Arrays.sort(viaGateway);
        Arrays.sort(straight);
        System.out.printf(
                "Session login, %d rounds after 50 warm-up: via gateway p50 %.2f ms p90 %.2f ms;"
                        + " stub auth-service directly p50 %.2f ms p90 %.2f ms%n",
                rounds,
                viaGateway[rounds / 2] / 1e6,
                viaGateway[rounds * 9 / 10] / 1e6,
                straight[rounds / 2] / 1e6,
                straight[rounds * 9 / 10] / 1e6);
    }

    /** A token never seen before each round, so the gateway verifies it cold. */
    private static void authServiceIssuesAFreshToken() {
        AUTH.reset();
        JWTClaimsSet claims = TestTokens.claims()
                .claim("preferred_username", "ada")
                .claim("roles", List.of("USER"))
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .build();
        String answer =
                "{\"access_token\":\"" + TestTokens.sign(TestTokens.header().build(), claims)
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                        + "\"refresh_token\":\"r3fr3sh-t0ken-0f-f0rty-thr33-charact3rs-abc\"}";
        AUTH.respondWith(200, Map.of("Content-Type", "application/json", "Cache-Control", "no-store"), () -> answer);
    }
}
