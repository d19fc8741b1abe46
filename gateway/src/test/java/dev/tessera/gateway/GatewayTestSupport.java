package dev.tessera.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests to the gateway under test and the shared stubs, reset before each test; the context comes from the
 * subclass's annotation ({@link GatewayTest} or {@link AuthServiceStubTest}).
 */
abstract class GatewayTestSupport {

    static final StubServer FORUM = StubUpstreams.FORUM;

    static final StubServer JWKS = StubUpstreams.JWKS;

    /** A free port where nothing listens (the stubs use it for addresses that refuse connections). */
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
        StubUpstreams.restoreDefaults();
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
