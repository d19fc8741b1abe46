package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 14: an upstream that dies mid-request (auth-service SIGKILLed while it holds a logout) resets the
 * connection; reactor-netty reports that as an {@code IOException} (epoll's {@code NativeIoException},
 * "Connection reset by peer") that is neither a connect failure nor a timeout. The client must get a 502
 * problem body, not a 500.
 */
// Its own context: auth-service is an upstream that resets every connection.
@GatewayTest
@TestPropertySource(properties = "tessera.gateway.response-timeout=5s")
class UpstreamErrorHandlerTests {

    private static final AtomicInteger RESETS = new AtomicInteger();

    /**
     * auth-service reads each request head, then closes with {@code SO_LINGER 0}: the kernel sends a TCP RST instead
     * of a FIN, as it does for a process killed with unread data in its socket.
     */
    static final RawUpstream AUTH = RawUpstream.start("resetting-upstream", socket -> {
        RawUpstream.readHead(socket.getInputStream());
        socket.setSoLinger(true, 0);
        RESETS.incrementAndGet();
    });

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("tessera.gateway.auth-uri", AUTH::uri);
    }

    @AfterAll
    static void stopUpstream() throws IOException {
        AUTH.close();
    }

    final GatewayClient gateway = new GatewayClient(() -> this.port);

    @LocalServerPort
    int port;

    @Test
    void logoutWhenUpstreamResetsConnectionAfterReadingRequestThenBadGatewayProblem() throws Exception {
        int resetsBefore = RESETS.get();

        HttpResponse<String> response = gateway.send(gateway.request("/api/auth/logout")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"refresh_token\":\"reset-probe\"}")));

        assertThat(RESETS.get() - resetsBefore)
                .as("the request reached the upstream, which reset the connection")
                .isPositive();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":502").doesNotContain("Exception");
    }
}
