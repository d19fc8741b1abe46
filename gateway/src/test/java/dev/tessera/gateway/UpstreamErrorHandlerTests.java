package dev.tessera.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 14: an upstream that dies mid-request (auth-service SIGKILLed while it holds a logout) resets the
 * connection; reactor-netty reports that as an {@code IOException} (epoll's {@code NativeIoException},
 * "Connection reset by peer") that is neither a connect failure nor a timeout. The client must get a 502
 * problem body, not a 500. The upstream is the shared resetting stub behind a test route ({@link StubUpstreams}).
 */
@GatewayTest
class UpstreamErrorHandlerTests {

    final GatewayClient gateway = new GatewayClient(() -> this.port);

    @LocalServerPort
    int port;

    @Test
    void postWhenUpstreamResetsConnectionAfterReadingRequestThenBadGatewayProblem() throws Exception {
        int resetsBefore = StubUpstreams.RESETS.get();

        HttpResponse<String> response = gateway.send(gateway.request("/api/reset/logout")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"refresh_token\":\"reset-probe\"}")));

        assertThat(StubUpstreams.RESETS.get() - resetsBefore)
                .as("the request reached the upstream, which reset the connection")
                .isPositive();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":502").doesNotContain("Exception");
    }
}
