package dev.tessera.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One gateway (shared by every subclass: one Spring context) in front of real HTTP stubs: forum-service,
 * the JWKS endpoint, and an auth-service address where nothing listens.
 */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "tessera.gateway.issuer=" + TestTokens.ISSUER,
            "tessera.gateway.response-timeout=1s",
            "tessera.gateway.connect-timeout=500ms",
            "tessera.gateway.jwt.jwks-min-refetch-interval=1s",
            "tessera.gateway.rate-limit.capacity=3",
            "tessera.gateway.rate-limit.period=1h",
            "tessera.gateway.passport.keys.auth-service=" + GatewayTestSupport.AUTH_PASSPORT_KEY,
            "tessera.gateway.passport.keys.forum-service=" + GatewayTestSupport.FORUM_PASSPORT_KEY,
            "tessera.gateway.passport.keys.notification-service=" + GatewayTestSupport.NOTIFY_PASSPORT_KEY
        })
abstract class GatewayTestSupport {

    /** auth-service's passport key: only auth-service's passports verify with it. */
    static final String AUTH_PASSPORT_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    /** forum-service's passport key, another one. */
    static final String FORUM_PASSPORT_KEY = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    /** notification-service's passport key, a third one. */
    static final String NOTIFY_PASSPORT_KEY = "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=";

    static final StubServer FORUM = StubServer.start();

    static final int CLOSED_PORT = closedPort();

    static final StubServer JWKS = StubServer.start();

    static {
        JWKS.respondWith(200, () -> TestTokens.jwks(TestTokens.KEY));
    }

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("tessera.gateway.routes.forum.uri", FORUM::uri);
        // Nothing listens there: auth-service is "down" for routed requests.
        registry.add("tessera.gateway.auth-uri", () -> "http://127.0.0.1:" + CLOSED_PORT);
        registry.add("tessera.gateway.jwt.jwks-uri", () -> JWKS.uri() + "/.well-known/jwks.json");
    }

    static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @LocalServerPort
    int port;

    @BeforeEach
    void forgetEarlierRequests() {
        FORUM.reset();
        JWKS.reset();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = request(path).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    /** A protected request (forum write) with the given bearer token. */
    HttpResponse<String> protectedPost(String bearer) throws Exception {
        return send(request("/api/forum/threads")
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }
}
