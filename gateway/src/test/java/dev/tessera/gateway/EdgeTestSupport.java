package dev.tessera.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One gateway (shared by every subclass: one Spring context) in front of recording stubs of auth-service and
 * forum-service, for the edge's request hygiene (issue 13). Loopback is a trusted proxy here, so each test
 * speaks for its own client address ({@link #newClientAddress()}) and the per-address limits of one test
 * never reach another.
 */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "tessera.gateway.issuer=" + TestTokens.ISSUER,
            "tessera.gateway.response-timeout=2s",
            "tessera.gateway.connect-timeout=500ms",
            "tessera.gateway.trusted-proxies=127.0.0.1/32",
            "tessera.gateway.rate-limit.capacity=3",
            "tessera.gateway.rate-limit.period=1h",
            "tessera.gateway.passport.keys.auth-service=" + GatewayTestSupport.AUTH_PASSPORT_KEY,
            "tessera.gateway.passport.keys.forum-service=" + GatewayTestSupport.FORUM_PASSPORT_KEY,
            "tessera.gateway.passport.keys.notification-service=" + GatewayTestSupport.NOTIFY_PASSPORT_KEY
        })
abstract class EdgeTestSupport {

    static final StubServer AUTH = StubServer.start();

    static final StubServer FORUM = StubServer.start();

    static final StubServer JWKS = StubServer.start();

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    static {
        JWKS.respondWith(200, () -> TestTokens.jwks(TestTokens.KEY));
    }

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("tessera.gateway.auth-uri", AUTH::uri);
        registry.add("tessera.gateway.routes.forum.uri", FORUM::uri);
        registry.add("tessera.gateway.jwt.jwks-uri", () -> JWKS.uri() + "/.well-known/jwks.json");
    }

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @LocalServerPort
    int port;

    /** The client address this test speaks for (sent as {@code X-Forwarded-For} by the trusted loopback). */
    String client;

    @BeforeEach
    void freshClientAndStubs() {
        client = newClientAddress();
        AUTH.reset();
        FORUM.reset();
        // auth-service refuses every login: an answer the gateway passes through, so reaching it shows.
        AUTH.respondWith(
                401,
                java.util.Map.of("Content-Type", "application/problem+json"),
                () -> "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401}");
    }

    /** A client address no other test used (TEST-NET-2, 198.51.100.0/24, then onwards). */
    static String newClientAddress() {
        int n = CLIENTS.incrementAndGet();
        return "198.51." + (100 + n / 250) + "." + (1 + n % 250);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("X-Forwarded-For", client);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A login attempt as a script sends it (JSON, the custom header instead of an Origin). */
    HttpResponse<String> login(String path) throws Exception {
        return send(request(path)
                .header("Content-Type", "application/json")
                .header("X-Tessera-CSRF", "1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"ada\",\"password\":\"a long password\"}")));
    }
}
