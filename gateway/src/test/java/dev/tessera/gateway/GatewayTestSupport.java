package dev.tessera.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests to the gateway under test and the shared stubs, reset before each test; the context comes from the
 * subclass's annotation ({@link GatewayTest} or one built on it).
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

    final GatewayClient gateway = new GatewayClient(() -> this.port);

    /** The same client for the management port (actuator). */
    final GatewayClient management = new GatewayClient(() -> this.managementPort);

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @BeforeEach
    void forgetEarlierRequests() {
        StubUpstreams.restoreDefaults();
    }

    HttpRequest.Builder request(String path) {
        return gateway.request(path);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return gateway.send(request);
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
