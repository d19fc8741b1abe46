package dev.tessera.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests to the {@link EdgeTest} gateway, each test speaking for a client address of its own, and the shared stubs,
 * reset before each test.
 */
abstract class EdgeTestSupport {

    static final StubServer AUTH = StubUpstreams.AUTH;

    static final StubServer FORUM = StubUpstreams.FORUM;

    static final StubServer JWKS = StubUpstreams.JWKS;

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    final GatewayClient gateway = new GatewayClient(() -> this.port);

    @LocalServerPort
    int port;

    /** The client address this test speaks for (sent as {@code X-Forwarded-For} by the trusted loopback). */
    String client;

    @BeforeEach
    void freshClientAndStubs() {
        client = newClientAddress();
        StubUpstreams.restoreDefaults();
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
        return gateway.request(path).header("X-Forwarded-For", client);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return gateway.send(request);
    }

    /** A login attempt as a script sends it (JSON, the custom header instead of an Origin). */
    HttpResponse<String> login(String path) throws Exception {
        return send(request(path)
                .header("Content-Type", "application/json")
                .header("X-Tessera-CSRF", "1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"ada\",\"password\":\"a long password\"}")));
    }
}
